package dev.loupe.functions.admin;

import java.time.Duration;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.PublicApiHandler;

/**
 * {@code POST /admin/projects/{public_key}/rotate}: a new secret key, shown this once; the old one keeps verifying
 * for {@code grace_seconds} (default a day, at most a week; 0 ends it now). Behind the HTTP API's IAM authorizer.
 */
public final class RotateProjectKey extends PublicApiHandler {
    private final ProjectAdministration administration;

    public RotateProjectKey() {
        this(AdminWiring.administration());
    }

    RotateProjectKey(ProjectAdministration administration) {
        super(LoupeApi.INSTANCE);
        this.administration = administration;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        String publicKey = ProjectJson.publicKey(request);
        Duration grace = request.params().integer("grace_seconds", 0,
                        (int) ProjectAdministration.MAX_GRACE.toSeconds())
                .map(Duration::ofSeconds).orElse(ProjectAdministration.DEFAULT_GRACE);
        return family().ok(200, ProjectJson.View.of(administration.rotate(publicKey, grace), true),
                request.preferredFormat());
    }
}
