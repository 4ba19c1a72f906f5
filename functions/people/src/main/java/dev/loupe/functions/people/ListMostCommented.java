package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.page.CommentViews;

/** {@code GET /v1/public/galleries/most-commented}: the project's public galleries with the most comments, most first, paged by cursor. */
public final class ListMostCommented extends AuthenticatedApiHandler<Caller> {
    private final CommentService comments;

    public ListMostCommented() {
        this(PeopleWiring.authenticator(), PeopleWiring.comments());
    }

    ListMostCommented(Function<HttpRequest, Caller> authenticator, CommentService comments) {
        super(LoupeApi.INSTANCE, authenticator);
        this.comments = comments;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, CommentViews.MostCommentedView.of(comments.mostCommented(caller.projectId(),
                request.params().text("cursor"), CommentRequests.limit(request)), request.baseUrl()),
                request.preferredFormat());
    }
}
