package dev.loupe.functions.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.PublicApiHandler;

/**
 * {@code POST /admin/projects}: a new project with fresh keys, its secret key shown this once. Behind the HTTP API's
 * IAM authorizer (only the account's operators reach it), so the function asks for no token of its own.
 */
public final class CreateProject extends PublicApiHandler {
    private final ProjectAdministration administration;

    public CreateProject() {
        this(AdminWiring.settingAdministration());
    }

    CreateProject(ProjectAdministration administration) {
        super(LoupeApi.INSTANCE);
        this.administration = administration;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        return family().ok(201, ProjectJson.View.of(administration.create(ProjectJson.settings(request)), true),
                request.preferredFormat());
    }
}
