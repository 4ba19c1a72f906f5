package dev.loupe.functions.tasks;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.auth.limits.ProjectGate;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.task.FileKey;
import dev.loupe.task.TaskProcessing;

/**
 * {@code GET /v1/download/{task}}: a 302 to a short-lived presigned S3 GET of the task's output (the only file, or
 * the ZIP of several), whose response carries {@code Content-Disposition: attachment; filename="..."} as the
 * task API's clients expect. The bytes never pass through a Lambda response (6 MB at most). An encrypted task's
 * link is to a plain copy that lives {@code ENCRYPTED_DOWNLOAD_SECONDS} (TaskPlainCopyQueue deletes it then).
 */
public final class DownloadTask extends TaskCall {
    private final TaskProcessing processing;
    private final Duration plainCopyLifetime;
    private final TaskProcessing.PlainCopies plainCopies;

    public DownloadTask() {
        this(TaskWiring.authenticator(), TaskWiring::gate, TaskWiring.processing(), TaskWiring.plainCopyLifetime(),
                TaskWiring.plainCopies());
    }

    DownloadTask(Function<HttpRequest, Caller> authenticator, Supplier<ProjectGate> gate, TaskProcessing processing,
                 Duration plainCopyLifetime, TaskProcessing.PlainCopies plainCopies) {
        super(authenticator, gate);
        this.processing = processing;
        this.plainCopyLifetime = plainCopyLifetime;
        this.plainCopies = plainCopies;
    }

    @Override
    protected APIGatewayV2HTTPResponse call(HttpRequest request, Caller caller) {
        String url = processing.download(caller, request.pathParameter("task").orElse(""),
                request.params().text(FileKey.PARAM), plainCopyLifetime, plainCopies).toString();
        Map<String, String> headers = new HashMap<>();
        headers.put("Location", url);
        headers.put("Cache-Control", "no-store");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(302).withHeaders(headers).withBody("")
                .build();
    }
}
