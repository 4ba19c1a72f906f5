package dev.loupe.functions.tasks;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.auth.Caller;
import dev.loupe.auth.limits.ProjectGate;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.Format;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.Params;
import dev.loupe.task.TaskService;
import dev.loupe.task.TaskStatus;
import dev.loupe.task.TaskListing;
import dev.loupe.task.TaskTool;
import dev.loupe.task.TaskView;

/**
 * {@code GET /v1/task} and {@code POST /v1/task} (one client sends the same as multipart): the project's tasks,
 * newest first, 50 a page ({@code page}, from 1), filtered by {@code tool}, {@code status} and {@code custom_int}.
 * Server-side only: it needs the project's {@code secret_key}, and refuses browser tokens. Answers a JSON array.
 */
public final class ListTasks extends TaskCall {
    @JacksonXmlRootElement(localName = "tasks")
    record XmlList(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "task")
                   List<TaskView> task) {
    }

    private final TaskService tasks;

    public ListTasks() {
        this(TaskWiring.authenticator(), TaskWiring::gate, TaskWiring.service());
    }

    ListTasks(Function<HttpRequest, Caller> authenticator, Supplier<ProjectGate> gate, TaskService tasks) {
        super(authenticator, gate);
        this.tasks = tasks;
    }

    @Override
    protected APIGatewayV2HTTPResponse call(HttpRequest request, Caller caller) {
        Params params = request.params();
        Optional<TaskTool> tool = params.text("tool").map(value -> TaskTool.fromWire(value).orElseThrow(() ->
                ApiError.badParameter("tool", "Unknown tool '" + value + "'. Accepted values: "
                        + TaskTool.accepted())));
        Optional<TaskStatus> status = params.text("status").map(value -> TaskStatus.fromWire(value)
                .orElseThrow(() -> ApiError.badParameter("status", "Unknown task status '" + value + "'")));
        Optional<Long> customInt = params.text("custom_int").map(value -> {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw ApiError.badParameter("custom_int", "custom_int must be a whole number");
            }
        });
        int page = params.integer("page", 1, 100_000).orElse(1);
        List<TaskView> listed = tasks.list(caller, params.text("secret_key"),
                new TaskListing.Filter(tool, status, customInt), page);
        Format format = request.preferredFormat();
        return family().ok(200, format == Format.XML ? new XmlList(listed) : listed, format);
    }
}
