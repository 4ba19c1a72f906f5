package dev.loupe.tasks;

import java.util.HashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.shared.auth.Caller;
import dev.loupe.shared.http.HttpRequest;

/**
 * {@code GET /v1/download/{task}}: a 302 to a short-lived presigned S3 GET of the task's output (the only file, or
 * the ZIP of several), whose response carries {@code Content-Disposition: attachment; filename="..."} as the
 * reference's clients expect. The bytes never pass through a Lambda response (6 MB at most).
 */
public final class DownloadTask extends TaskCall {
    @Override
    protected APIGatewayV2HTTPResponse call(HttpRequest request, Caller caller) {
        String url = Processing.processing().download(caller, request.pathParameter("task").orElse(""))
                .toString();
        Map<String, String> headers = new HashMap<>();
        headers.put("Location", url);
        headers.put("Cache-Control", "no-store");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(302).withHeaders(headers).withBody("")
                .build();
    }
}
