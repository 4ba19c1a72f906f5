package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.page.CommentViews;

/** {@code POST /v1/images/{id}/comments}: a registered user's comment or reply on a library image. */
public final class PostImageComment extends AuthenticatedApiHandler<Caller> {
    private final CommentService comments;

    public PostImageComment() {
        this(PeopleWiring.authenticator(), PeopleWiring.comments());
    }

    PostImageComment(Function<HttpRequest, Caller> authenticator, CommentService comments) {
        super(LoupeApi.INSTANCE, authenticator);
        this.comments = comments;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(201, CommentViews.CommentView.of(comments.postOnImage(caller, CommentRequests.id(request),
                CommentRequests.newComment(request))), request.preferredFormat());
    }
}
