package dev.loupe.auth;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.shared.auth.Authentication;
import dev.loupe.shared.auth.Project;
import dev.loupe.shared.auth.ProjectDirectory;
import dev.loupe.shared.auth.TokenIssuer;
import dev.loupe.shared.http.ApiError;
import dev.loupe.shared.http.ApiHandler;
import dev.loupe.shared.http.HttpRequest;
import dev.loupe.shared.http.TaskApi;

/**
 * {@code POST /v1/auth} with {@code {"public_key": ...}}: a token for callers that must not hold the secret key
 * (browsers). It is a browser token: later features restrict what it may do.
 */
public final class CreateToken extends ApiHandler {
    @JacksonXmlRootElement(localName = "auth")
    record Answer(String token) {
    }

    private final ProjectDirectory projects;
    private final Clock clock;

    public CreateToken() {
        this(Authentication.projects(), Clock.systemUTC());
    }

    CreateToken(ProjectDirectory projects, Clock clock) {
        super(TaskApi.INSTANCE);
        this.projects = projects;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        String publicKey = request.params().text("public_key")
                .orElseThrow(() -> ApiError.badParameter("public_key", "public_key is required"));
        Project project = projects.findByPublicKey(publicKey)
                .orElseThrow(() -> ApiError.unauthorized("unknown_key", "No project has this public key"));
        return family().ok(200, new Answer(TokenIssuer.browserToken(project, clock)), request.preferredFormat());
    }
}
