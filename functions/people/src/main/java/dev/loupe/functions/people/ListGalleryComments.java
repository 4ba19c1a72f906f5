package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.page.CommentViews;

/** {@code GET /v1/galleries/{name}/comments}: a gallery's comments, newest or oldest first, paged by cursor. */
public final class ListGalleryComments extends AuthenticatedApiHandler<Caller> {
    private final CommentService comments;

    public ListGalleryComments() {
        this(PeopleWiring.authenticator(), PeopleWiring.comments());
    }

    ListGalleryComments(Function<HttpRequest, Caller> authenticator, CommentService comments) {
        super(LoupeApi.INSTANCE, authenticator);
        this.comments = comments;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, CommentViews.ThreadView.of(comments.galleryComments(caller,
                CommentRequests.galleryName(request), CommentRequests.visitor(request),
                CommentRequests.listing(request))), request.preferredFormat());
    }
}
