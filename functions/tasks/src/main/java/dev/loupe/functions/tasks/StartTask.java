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
 * {@code GET /v1/start/{tool}}: a new task for a tool. Answers {@code task}, {@code server} (the host and port this
 * request came to, which clients call for the rest of the task) and {@code remaining_files}.
 */
public final class StartTask extends TaskCall {
    @JacksonXmlRootElement(localName = "start")
    record Answer(String task, String server, int remainingFiles) {
    }

    private final TaskService tasks;

    public StartTask() {
        this(TaskWiring.authenticator(), TaskWiring::gate, TaskWiring.service());
    }

    StartTask(Function<HttpRequest, Caller> authenticator, Supplier<ProjectGate> gate, TaskService tasks) {
        super(authenticator, gate);
        this.tasks = tasks;
    }

    @Override
    protected APIGatewayV2HTTPResponse call(HttpRequest request, Caller caller) {
        TaskService.Started started = tasks.start(caller, request.pathParameter("tool").orElse(""),
                request.host());
        return family().ok(200, new Answer(started.task(), started.server(), started.remainingFiles()),
                request.preferredFormat());
    }
}
