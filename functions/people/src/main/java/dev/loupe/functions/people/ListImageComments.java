package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.page.CommentViews;

/** {@code GET /v1/images/{id}/comments}: a library image's comments, newest or oldest first, paged by cursor. */
public final class ListImageComments extends AuthenticatedApiHandler<Caller> {
    private final CommentService comments;

    public ListImageComments() {
        this(PeopleWiring.authenticator(), PeopleWiring.comments());
    }

    ListImageComments(Function<HttpRequest, Caller> authenticator, CommentService comments) {
        super(LoupeApi.INSTANCE, authenticator);
        this.comments = comments;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, CommentViews.ThreadView.of(comments.imageComments(caller, CommentRequests.id(request),
                CommentRequests.listing(request))), request.preferredFormat());
    }
}
