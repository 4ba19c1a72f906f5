package dev.loupe.functions.tasks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code DELETE /v1/task/{task}}: the task and its files go now. Answers the task with status TaskDeleted, or
 * UploadDeleted when it was still waiting; the next call is TaskNotFound.
 */
public final class DeleteTask extends TaskCall {
    @Override
    protected APIGatewayV2HTTPResponse call(HttpRequest request, Caller caller) {
        return family().ok(200, Tasks.service().delete(caller, request.pathParameter("task").orElse("")).view(),
                request.preferredFormat());
    }
}
