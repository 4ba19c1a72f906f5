package dev.loupe.functions.tasks;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.auth.Caller;
import dev.loupe.auth.limits.ProjectGate;
import dev.loupe.core.http.Format;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.Params;
import dev.loupe.task.TaskErrors;
import dev.loupe.task.TaskService;

/**
 * {@code POST /v1/task/next}: the connected task. With {@code task} (a task of the caller's that was processed
 * successfully) and {@code tool}, as JSON, form or multipart: a new task for the tool whose files are the previous
 * task's outputs, with no upload. Answers {@code task}, {@code server}, {@code remaining_files} as start does, and
 * {@code files}, an object from each new {@code server_filename} to its {@code filename}, for the process call.
 */
public final class NextTask extends TaskCall {
    @JacksonXmlRootElement(localName = "next")
    record Answer(String task, String server, int remainingFiles, Map<String, String> files) {
    }

    /**
     * The same in XML, where a server_filename can't be an element's name (it may start with a digit): each file is
     * a {@code <file>} with both names.
     */
    @JacksonXmlRootElement(localName = "next")
    record XmlAnswer(String task, String server, int remainingFiles,
                     @JacksonXmlElementWrapper(localName = "files") @JacksonXmlProperty(localName = "file")
                     List<XmlFile> files) {
    }

    record XmlFile(String serverFilename, String filename) {
    }

    private final TaskService tasks;

    public NextTask() {
        this(TaskWiring.authenticator(), TaskWiring::gate, TaskWiring.service());
    }

    NextTask(Function<HttpRequest, Caller> authenticator, Supplier<ProjectGate> gate, TaskService tasks) {
        super(authenticator, gate);
        this.tasks = tasks;
    }

    @Override
    protected APIGatewayV2HTTPResponse call(HttpRequest request, Caller caller) {
        Params params = request.params();
        String task = params.text("task").orElseThrow(() -> TaskErrors.processing(400, "missing_task",
                "task is required: the id of the processed task to continue from", "task"));
        String tool = params.text("tool").orElseThrow(() -> TaskErrors.processing(400, "missing_tool",
                "tool is required: the tool of the new task", "tool"));
        TaskService.Connected next = tasks.next(caller, task, tool, request.host(),
                params.text("file_encryption_key"));
        Format format = request.preferredFormat();
        Object answer = format == Format.XML
                ? new XmlAnswer(next.task(), next.server(), next.remainingFiles(), next.files().entrySet().stream()
                .map(e -> new XmlFile(e.getKey(), e.getValue())).toList())
                : new Answer(next.task(), next.server(), next.remainingFiles(), next.files());
        return family().ok(200, answer, format);
    }
}
