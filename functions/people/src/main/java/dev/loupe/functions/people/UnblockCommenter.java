package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.page.CommentViews;

/** {@code DELETE /v1/galleries/{name}/blocks/{user_id}}: the gallery's owner (or an admin) lifts a block (204). */
public final class UnblockCommenter extends AuthenticatedApiHandler<Caller> {
    private final CommentService comments;

    public UnblockCommenter() {
        this(PeopleWiring.authenticator(), PeopleWiring.comments());
    }

    UnblockCommenter(Function<HttpRequest, Caller> authenticator, CommentService comments) {
        super(LoupeApi.INSTANCE, authenticator);
        this.comments = comments;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        comments.block(caller, CommentRequests.galleryName(request), request.pathParameter("user_id").orElseThrow(),
                false);
        return family().noContent();
    }
}
