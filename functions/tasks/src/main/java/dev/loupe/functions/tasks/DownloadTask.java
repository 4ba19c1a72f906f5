package dev.loupe.functions.tasks;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.config.Env;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.sqs.JobQueue;
import dev.loupe.sqs.SqsClients;
import dev.loupe.task.FileKey;

/**
 * {@code GET /v1/download/{task}}: a 302 to a short-lived presigned S3 GET of the task's output (the only file, or
 * the ZIP of several), whose response carries {@code Content-Disposition: attachment; filename="..."} as the
 * task API's clients expect. The bytes never pass through a Lambda response (6 MB at most). An encrypted task's
 * link is to a plain copy that lives {@code ENCRYPTED_DOWNLOAD_SECONDS} (TaskPlainCopyQueue deletes it then).
 */
public final class DownloadTask extends TaskCall {
    @Override
    protected APIGatewayV2HTTPResponse call(HttpRequest request, Caller caller) {
        String url = Processing.processing().download(caller, request.pathParameter("task").orElse(""),
                request.params().text(FileKey.PARAM), PlainCopies.LIFETIME,
                (job, after) -> PlainCopies.QUEUE.send(job, after)).toString();
        Map<String, String> headers = new HashMap<>();
        headers.put("Location", url);
        headers.put("Cache-Control", "no-store");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(302).withHeaders(headers).withBody("")
                .build();
    }

    /** Built by the first download of an encrypted task. */
    private static final class PlainCopies {
        static final Duration LIFETIME = Duration.ofSeconds(Long.parseLong(Env.ENCRYPTED_DOWNLOAD_SECONDS.required()));
        static final JobQueue QUEUE = new JobQueue(SqsClients.client(), Env.TASK_PLAIN_COPY_QUEUE_URL.required());
    }
}
