package dev.loupe.functions.tasks;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.auth.Caller;
import dev.loupe.auth.limits.ProjectGate;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.Params;
import dev.loupe.core.http.Part;
import dev.loupe.task.TaskErrors;
import dev.loupe.task.TaskService;

/**
 * {@code POST /v1/upload}: a file for a task, answered with its {@code server_filename}. Multipart with {@code task}
 * and the file part {@code file} (with {@code chunk} and {@code chunks} for one chunk of a larger file, sent in
 * order from 0); or {@code task} and {@code cloud_file}, a public URL the server fetches, as JSON, form or multipart.
 */
public final class UploadFile extends TaskCall {
    @JacksonXmlRootElement(localName = "upload")
    record Answer(String serverFilename) {
    }

    private final TaskService tasks;

    public UploadFile() {
        this(TaskWiring.authenticator(), TaskWiring::gate, TaskWiring.uploads());
    }

    UploadFile(Function<HttpRequest, Caller> authenticator, Supplier<ProjectGate> gate, TaskService tasks) {
        super(authenticator, gate);
        this.tasks = tasks;
    }

    @Override
    protected APIGatewayV2HTTPResponse call(HttpRequest request, Caller caller) {
        Params params = request.params();
        String task = params.text("task").orElseThrow(() -> TaskErrors.upload("missing_task",
                "task is required: the id that GET /v1/start/{tool} answered", "task"));
        Optional<Part> file = request.mediaType().startsWith("multipart/")
                ? request.parts().stream().filter(p -> p.isFile() && p.name().equals("file")).findFirst()
                : Optional.empty();
        TaskService.Source source;
        if (file.isPresent()) {
            String name = file.get().fileName().orElse("file");
            Optional<Integer> chunks = params.integer("chunks", 1, Integer.MAX_VALUE);
            Optional<Integer> chunk = params.integer("chunk", 0, Integer.MAX_VALUE);
            if (chunks.isPresent() != chunk.isPresent()) {
                throw TaskErrors.upload("bad_chunks", "A chunk upload sends both chunk and chunks",
                        chunk.isPresent() ? "chunks" : "chunk");
            }
            source = chunks.isPresent()
                    ? new TaskService.Chunk(name, file.get().content(), chunk.get(), chunks.get())
                    : new TaskService.WholeFile(name, file.get().content());
        } else {
            source = new TaskService.CloudFile(params.text("cloud_file").orElseThrow(() -> TaskErrors.upload(
                    "missing_file", "Send the file as the multipart part 'file', or its public URL as cloud_file",
                    "file")));
        }
        String serverFilename = tasks.upload(caller, task, source, params.text("file_encryption_key"));
        return family().ok(200, new Answer(serverFilename), request.preferredFormat());
    }
}
