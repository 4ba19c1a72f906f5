package dev.loupe.functions.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.auth.limits.ProjectGate;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.Params;
import dev.loupe.task.TaskErrors;
import dev.loupe.task.TaskProcessing;

/**
 * {@code POST /v1/process}: processes a task's files (JSON, form with {@code files[0][server_filename]} keys, or
 * multipart). Without {@code webhook} it answers when the task is done (or, past the wait, with TaskProcessing: the
 * client then polls {@code GET /v1/task/{task}}); with {@code webhook} at once. The answer is the task as
 * {@code GET /v1/task/{task}} shows it ({@code download_filename}, {@code filesize}, {@code output_filesize},
 * {@code output_filenumber}, {@code output_extensions}, {@code timer}, {@code status} and the files).
 */
public final class ProcessTask extends TaskCall {
    private final TaskProcessing processing;

    public ProcessTask() {
        this(TaskWiring.authenticator(), TaskWiring::gate, TaskWiring.processing());
    }

    ProcessTask(Function<HttpRequest, Caller> authenticator, Supplier<ProjectGate> gate, TaskProcessing processing) {
        super(authenticator, gate);
        this.processing = processing;
    }

    @Override
    protected APIGatewayV2HTTPResponse call(HttpRequest request, Caller caller) {
        Params params = request.params();
        String task = params.text("task").orElseThrow(() -> TaskErrors.processing(400, "missing_task",
                "task is required: the id that GET /v1/start/{tool} answered", "task"));
        List<Map<String, String>> files = params.objects("files");
        // Every other parameter by name, as the tools read them: one value as a string, several as a list.
        Map<String, Object> all = new LinkedHashMap<>();
        params.asMap().forEach((name, values) -> {
            if (!values.isEmpty()) {
                all.put(name, values.size() == 1 ? values.getFirst() : List.copyOf(values));
            }
        });
        TaskProcessing.Request processRequest = new TaskProcessing.Request(task, files, all);
        return family().ok(200, processing.process(caller, processRequest).view(),
                request.preferredFormat());
    }
}
