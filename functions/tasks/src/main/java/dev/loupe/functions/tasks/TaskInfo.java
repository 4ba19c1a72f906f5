package dev.loupe.functions.tasks;

import java.util.function.Function;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.auth.Caller;
import dev.loupe.auth.limits.ProjectGate;
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

    private final TaskService tasks;

    public TaskInfo() {
        this(TaskWiring.authenticator(), TaskWiring::gate, TaskWiring.service());
    }

    TaskInfo(Function<HttpRequest, Caller> authenticator, Supplier<ProjectGate> gate, TaskService tasks) {
        super(authenticator, gate);
        this.tasks = tasks;
    }

    @Override
    protected APIGatewayV2HTTPResponse call(HttpRequest request, Caller caller) {
        TaskService.Info info = tasks.info(caller);
        return family().ok(200, new Answer(info.remainingFiles(), info.openTasks(), info.maxOpenTasks(),
                info.maxFilesize(), info.taskLifetime()), request.preferredFormat());
    }
}
