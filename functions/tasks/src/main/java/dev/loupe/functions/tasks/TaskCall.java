package dev.loupe.functions.tasks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.DebugEcho;
import dev.loupe.core.http.TaskApi;
import dev.loupe.auth.limits.ProjectGate;

/**
 * The frame of every task API handler, on top of the shared {@link AuthenticatedApiHandler} (which verifies the
 * caller once): pass the project's gate (its IP ranges, its browser
 * tokens' origins, its request rate: {@link ProjectGate}), then either echo the parameters ({@code debug=true} on
 * any resource, the task API's testing aid: nothing is done) or handle the call. Every answer after the gate, an
 * error too, carries the rate headers; they are added here, once, for every route. Unknown parameters are ignored by
 * every handler (clients add a version field {@code v}).
 */
abstract class TaskCall extends AuthenticatedApiHandler<Caller> {
    private final Supplier<ProjectGate> gate;

    /** @param gate the project's gate, built by the first call that passes the verifier */
    TaskCall(Function<HttpRequest, Caller> authenticator, Supplier<ProjectGate> gate) {
        super(TaskApi.INSTANCE, authenticator);
        this.gate = gate;
    }

    @Override
    protected final APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        ProjectGate.Admission admission = gate.get().admit(request, caller.project(), caller.browser());
        APIGatewayV2HTTPResponse response;
        try {
            response = DebugEcho.requested(request)
                    ? family().ok(200, DebugEcho.of(request), request.preferredFormat())
                    : call(request, caller);
        } catch (ApiError error) {
            throw error.withHeaders(admission.headers());
        }
        return withHeaders(response, admission.headers());
    }

    /** The answer with {@code headers} added (handlers that build their own answer, like download's 302, included). */
    static APIGatewayV2HTTPResponse withHeaders(APIGatewayV2HTTPResponse response, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>();
        if (response.getHeaders() != null) {
            all.putAll(response.getHeaders());
        }
        all.putAll(headers);
        response.setHeaders(all);
        return response;
    }

    /** Parses the request, calls the task service and renders its answer. */
    protected abstract APIGatewayV2HTTPResponse call(HttpRequest request, Caller caller);
}
