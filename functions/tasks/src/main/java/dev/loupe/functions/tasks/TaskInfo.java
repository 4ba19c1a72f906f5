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
 * {@code GET /v1/info}: {@code remaining_files} as the clients read it (how many files a task may take, the
 * files-per-task limit), the project's limits, and its monthly file allowance in the current UTC month: the files it
 * may process, has processed and has left, and when the count resets (ISO-8601, UTC).
 */
public final class TaskInfo extends TaskCall {
    @JacksonXmlRootElement(localName = "info")
    record Answer(int remainingFiles, int openTasks, int maxOpenTasks, long maxFilesize, long taskLifetime,
                  int monthlyFiles, int monthlyFilesUsed, int monthlyFilesRemaining, String monthResetsAt) {
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
                info.maxFilesize(), info.taskLifetime(), info.monthlyFiles(), info.monthlyFilesUsed(),
                info.monthlyFilesRemaining(), info.monthResetsAt().toString()), request.preferredFormat());
    }
}
