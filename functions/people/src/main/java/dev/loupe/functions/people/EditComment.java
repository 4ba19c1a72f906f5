package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.page.CommentViews;

/** {@code PATCH /v1/comments/{id}}: its author changes the {@code text} (within the edit window); the gallery's owner or an admin sets {@code hidden}. */
public final class EditComment extends AuthenticatedApiHandler<Caller> {
    private final CommentService comments;

    public EditComment() {
        this(PeopleWiring.authenticator(), PeopleWiring.comments());
    }

    EditComment(Function<HttpRequest, Caller> authenticator, CommentService comments) {
        super(LoupeApi.INSTANCE, authenticator);
        this.comments = comments;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, CommentViews.CommentView.of(comments.edit(caller, CommentRequests.id(request),
                request.params().first("text"), request.params().bool("hidden"))), request.preferredFormat());
    }
}
