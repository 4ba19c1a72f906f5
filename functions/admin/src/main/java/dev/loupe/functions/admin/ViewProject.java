package dev.loupe.functions.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.PublicApiHandler;

/**
 * {@code GET /admin/projects/{public_key}}: a project's settings (never its secret key). Behind the HTTP API's IAM
 * authorizer (only the account's operators reach it), so the function asks for no token of its own.
 */
public final class ViewProject extends PublicApiHandler {
    private final ProjectAdministration administration;

    public ViewProject() {
        this(AdminWiring.administration());
    }

    ViewProject(ProjectAdministration administration) {
        super(LoupeApi.INSTANCE);
        this.administration = administration;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        return family().ok(200, ProjectJson.View.of(administration.get(ProjectJson.publicKey(request)), false),
                request.preferredFormat());
    }
}
