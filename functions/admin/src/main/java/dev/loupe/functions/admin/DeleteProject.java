package dev.loupe.functions.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Project;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.PublicApiHandler;

/**
 * {@code DELETE /admin/projects/{public_key}}: the project goes at once (its tokens are refused within the functions'
 * 60 s project cache) and its data through the purge queue ({@link PurgeProject}): 202. Behind the HTTP API's IAM
 * authorizer.
 */
public final class DeleteProject extends PublicApiHandler {
    record Answer(String projectId, String publicKey, String purge) {
    }

    private final ProjectAdministration administration;

    public DeleteProject() {
        this(AdminWiring.deleting());
    }

    DeleteProject(ProjectAdministration administration) {
        super(LoupeApi.INSTANCE);
        this.administration = administration;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        Project deleted = administration.delete(ProjectJson.publicKey(request));
        return family().ok(202, new Answer(deleted.projectId(), deleted.publicKey(), "queued"),
                request.preferredFormat());
    }
}
