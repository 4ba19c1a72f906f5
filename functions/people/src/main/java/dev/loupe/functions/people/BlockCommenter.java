package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.page.CommentViews;

/** {@code PUT /v1/galleries/{name}/blocks/{user_id}}: the gallery's owner (or an admin) stops a user commenting on it. */
public final class BlockCommenter extends AuthenticatedApiHandler<Caller> {
    private final CommentService comments;

    public BlockCommenter() {
        this(PeopleWiring.authenticator(), PeopleWiring.comments());
    }

    BlockCommenter(Function<HttpRequest, Caller> authenticator, CommentService comments) {
        super(LoupeApi.INSTANCE, authenticator);
        this.comments = comments;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        String name = CommentRequests.galleryName(request);
        String user = request.pathParameter("user_id").orElseThrow();
        comments.block(caller, name, user, true);
        return family().ok(200, new CommentViews.Block(name, user, true), request.preferredFormat());
    }
}
