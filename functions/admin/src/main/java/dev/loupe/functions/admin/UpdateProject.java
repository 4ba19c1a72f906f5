package dev.loupe.functions.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.PublicApiHandler;

/**
 * {@code PATCH /admin/projects/{public_key}}: change a project's name, origins, IP ranges or rate limit (the fields
 * sent; [] clears a list, 0 restores a default). Behind the HTTP API's IAM authorizer (only the account's operators
 * reach it), so the function asks for no token of its own.
 */
public final class UpdateProject extends PublicApiHandler {
    private final ProjectAdministration administration;

    public UpdateProject() {
        this(AdminWiring.settingAdministration());
    }

    UpdateProject(ProjectAdministration administration) {
        super(LoupeApi.INSTANCE);
        this.administration = administration;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        return family().ok(200, ProjectJson.View.of(administration.update(ProjectJson.publicKey(request), ProjectJson.settings(request)), false),
                request.preferredFormat());
    }
}
