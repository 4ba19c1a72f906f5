package dev.loupe.functions.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.ProjectStore;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.PublicApiHandler;

/**
 * {@code GET /admin/projects}: every project, {@code limit} (1 to 100, default 50) at a time, {@code cursor} from the
 * previous page's {@code next_cursor}; never a secret key. Behind the HTTP API's IAM authorizer.
 */
public final class ListProjects extends PublicApiHandler {
    private final ProjectAdministration administration;

    public ListProjects() {
        this(AdminWiring.administration());
    }

    ListProjects(ProjectAdministration administration) {
        super(LoupeApi.INSTANCE);
        this.administration = administration;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        int limit = request.params().integer("limit", 1, 100).orElse(50);
        ProjectStore.Page page = administration.list(limit, request.params().text("cursor"));
        return family().ok(200, new ProjectJson.Page(page.projects().stream()
                .map(p -> ProjectJson.View.of(p, false)).toList(), page.nextCursor().orElse(null)),
                request.preferredFormat());
    }
}
