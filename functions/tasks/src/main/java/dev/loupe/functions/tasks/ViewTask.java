package dev.loupe.functions.tasks;

import java.util.function.Function;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.auth.limits.ProjectGate;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.task.TaskService;

/** {@code GET /v1/task/{task}}: the task's status and files; TaskNotFound (404) for anything not the caller's. */
public final class ViewTask extends TaskCall {
    private final TaskService tasks;

    public ViewTask() {
        this(TaskWiring.authenticator(), TaskWiring::gate, TaskWiring.service());
    }

    ViewTask(Function<HttpRequest, Caller> authenticator, Supplier<ProjectGate> gate, TaskService tasks) {
        super(authenticator, gate);
        this.tasks = tasks;
    }

    @Override
    protected APIGatewayV2HTTPResponse call(HttpRequest request, Caller caller) {
        return family().ok(200, tasks.get(caller, request.pathParameter("task").orElse("")).view(),
                request.preferredFormat());
    }
}
