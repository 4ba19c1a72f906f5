package dev.loupe.functions.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.Mappers;
import dev.loupe.core.http.Part;
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
    /** Parameters never echoed back in full; a file's {@code password} too, however the files are encoded. */
    private static final List<String> SECRET = List.of("secret_key", "file_encryption_key", "password");

    @JacksonXmlRootElement(localName = "debug")
    record Debug(boolean debug, String method, String path, Map<String, Object> params, List<FilePart> files) {
    }

    record FilePart(String name, String filename, int size) {
    }

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
            response = request.params().bool("debug").orElse(false)
                    ? family().ok(200, debug(request), request.preferredFormat())
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

    private static Debug debug(HttpRequest request) {
        Map<String, Object> params = new LinkedHashMap<>();
        request.params().asMap().forEach((name, values) -> {
            List<String> shown = values.stream().map(v -> shown(name, v)).toList();
            params.put(name, shown.size() == 1 ? shown.getFirst() : shown);
        });
        List<FilePart> files = request.mediaType().startsWith("multipart/")
                ? request.parts().stream().filter(Part::isFile)
                .map(p -> new FilePart(p.name(), p.fileName().orElse(null), p.content().length)).toList()
                : List.of();
        return new Debug(true, request.method(), request.path(), params, files);
    }

    /** A parameter as echoed: a secret by its length only, also a {@code password} inside a JSON {@code files} item. */
    private static String shown(String name, String value) {
        if (SECRET.contains(name) || name.endsWith("[password]")) {
            return lengthOnly(value);
        }
        if (value.startsWith("{") && value.contains("password")) {
            try {
                if (Mappers.JSON.readTree(value) instanceof ObjectNode item && item.has("password")) {
                    item.put("password", lengthOnly(item.get("password").asText()));
                    return item.toString();
                }
            } catch (java.io.IOException e) {
                return value; // not JSON: an ordinary value
            }
        }
        return value;
    }

    private static String lengthOnly(String value) {
        return "(" + value.length() + " characters)";
    }
}
