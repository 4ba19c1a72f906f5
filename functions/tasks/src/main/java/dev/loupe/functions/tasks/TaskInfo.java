package dev.loupe.functions.tasks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.task.TaskService;

/**
 * {@code GET /v1/info}: {@code remaining_files} as the clients read it, and the project's limits. Loupe counts no
 * monthly allowance: remaining_files is how many files a task may still take (the files-per-task limit).
 */
public final class TaskInfo extends TaskCall {
    @JacksonXmlRootElement(localName = "info")
    record Answer(int remainingFiles, int openTasks, int maxOpenTasks, long maxFilesize, long taskLifetime) {
    }

    @Override
    protected APIGatewayV2HTTPResponse call(HttpRequest request, Caller caller) {
        TaskService.Info info = Tasks.service().info(caller);
        return family().ok(200, new Answer(info.remainingFiles(), info.openTasks(), info.maxOpenTasks(),
                info.maxFilesize(), info.taskLifetime()), request.preferredFormat());
    }
}
