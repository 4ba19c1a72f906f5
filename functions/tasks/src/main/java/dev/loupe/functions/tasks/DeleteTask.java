package dev.loupe.functions.tasks;

import java.util.function.Function;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.auth.limits.ProjectGate;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.task.TaskService;

/**
 * {@code DELETE /v1/task/{task}}: the task and its files go now. Answers the task with status TaskDeleted, or
 * UploadDeleted when it was still waiting; the next call is TaskNotFound.
 */
public final class DeleteTask extends TaskCall {
    private final TaskService tasks;

    public DeleteTask() {
        this(TaskWiring.authenticator(), TaskWiring::gate, TaskWiring.service());
    }

    DeleteTask(Function<HttpRequest, Caller> authenticator, Supplier<ProjectGate> gate, TaskService tasks) {
        super(authenticator, gate);
        this.tasks = tasks;
    }

    @Override
    protected APIGatewayV2HTTPResponse call(HttpRequest request, Caller caller) {
        return family().ok(200, tasks.delete(caller, request.pathParameter("task").orElse("")).view(),
                request.preferredFormat());
    }
}
