package dev.loupe.functions.auth;

import java.time.Clock;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectDirectory;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.DebugEcho;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.PublicApiHandler;
import dev.loupe.core.http.TaskApi;
import dev.loupe.auth.limits.ProjectGate;

/**
 * {@code POST /v1/auth} with {@code {"public_key": ...}}: a token for callers that must not hold the secret key
 * (browsers). It is a browser token: bound to the project's allowed origins, and it never lists tasks. The call
 * passes the project's gate as a browser's (IP ranges, origins, the task API's request rate: {@link ProjectGate}),
 * so a page on a site the project does not list gets no token at all. With {@code debug=true} it echoes its
 * parameters instead, as every task API resource does. Public on purpose: the public key is the
 * credential, and there is no token yet to verify.
 */
public final class CreateToken extends PublicApiHandler {
    @JacksonXmlRootElement(localName = "auth")
    record Answer(String token) {
    }

    private final ProjectDirectory projects;
    private final Clock clock;
    private final Supplier<ProjectGate> gate;

    public CreateToken() {
        this(AuthWiring.projects(), Clock.systemUTC(), AuthWiring::gate);
    }

    CreateToken(ProjectDirectory projects, Clock clock, Supplier<ProjectGate> gate) {
        super(TaskApi.INSTANCE);
        this.projects = projects;
        this.clock = clock;
        this.gate = gate;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        String publicKey = request.params().text("public_key")
                .orElseThrow(() -> ApiError.badParameter("public_key", "public_key is required"));
        Project project = projects.findByPublicKey(publicKey)
                .orElseThrow(() -> ApiError.unauthorized("unknown_key", "No project has this public key"));
        ProjectGate.Admission admission = gate.get().admit(request, project, true);
        // The task API's debug echo, as on its other resources: after the gate, and no token is made.
        APIGatewayV2HTTPResponse answer = DebugEcho.requested(request)
                ? family().ok(200, DebugEcho.of(request), request.preferredFormat())
                : family().ok(200, new Answer(TokenIssuer.browserToken(project, clock)), request.preferredFormat());
        answer.getHeaders().putAll(admission.headers());
        return answer;
    }
}
