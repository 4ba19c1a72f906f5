package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.page.CommentViews;

/** {@code DELETE /v1/comments/{id}}: its author, the gallery's owner or an admin deletes a comment (204). */
public final class DeleteComment extends AuthenticatedApiHandler<Caller> {
    private final CommentService comments;

    public DeleteComment() {
        this(PeopleWiring.authenticator(), PeopleWiring.comments());
    }

    DeleteComment(Function<HttpRequest, Caller> authenticator, CommentService comments) {
        super(LoupeApi.INSTANCE, authenticator);
        this.comments = comments;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        comments.delete(caller, CommentRequests.id(request));
        return family().noContent();
    }
}
