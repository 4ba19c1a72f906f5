package dev.loupe.functions.tasks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.HttpRequest;

/** {@code GET /v1/task/{task}}: the task's status and files; TaskNotFound (404) for anything not the caller's. */
public final class ViewTask extends TaskCall {
    @Override
    protected APIGatewayV2HTTPResponse call(HttpRequest request, Caller caller) {
        return family().ok(200, Tasks.service().get(caller, request.pathParameter("task").orElse("")).view(),
                request.preferredFormat());
    }
}
