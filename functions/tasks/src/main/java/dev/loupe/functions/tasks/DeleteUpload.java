package dev.loupe.functions.tasks;

import java.util.function.Function;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.auth.Caller;
import dev.loupe.auth.limits.ProjectGate;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.Params;
import dev.loupe.task.TaskErrors;
import dev.loupe.task.TaskService;

/**
 * Removes an uploaded file from a waiting task: {@code DELETE /v1/upload/{task}/{server_filename}}, and
 * {@code POST /v1/upload/delete} with {@code task} and {@code server_filename} (one client's form of the same call).
 * Answers {@code {"success": true}}.
 */
public final class DeleteUpload extends TaskCall {
    @JacksonXmlRootElement(localName = "upload")
    record Answer(boolean success) {
    }

    private final TaskService tasks;

    public DeleteUpload() {
        this(TaskWiring.authenticator(), TaskWiring::gate, TaskWiring.service());
    }

    DeleteUpload(Function<HttpRequest, Caller> authenticator, Supplier<ProjectGate> gate, TaskService tasks) {
        super(authenticator, gate);
        this.tasks = tasks;
    }

    @Override
    protected APIGatewayV2HTTPResponse call(HttpRequest request, Caller caller) {
        Params params = request.params();
        String task = request.pathParameter("task").or(() -> params.text("task")).orElseThrow(() ->
                TaskErrors.upload("missing_task", "task is required", "task"));
        String serverFilename = request.pathParameter("server_filename").or(() -> params.text("server_filename"))
                .orElseThrow(() -> TaskErrors.upload("missing_server_filename", "server_filename is required",
                        "server_filename"));
        tasks.deleteUpload(caller, task, serverFilename, params.text("file_encryption_key"));
        return family().ok(200, new Answer(true), request.preferredFormat());
    }
}
