package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.page.CommentViews;

/** {@code PUT /v1/galleries/{name}/comment-settings}: the gallery's owner (or an admin) lets visitors without an account comment under a name ({@code anonymous}), or stops them. */
public final class SetCommentSettings extends AuthenticatedApiHandler<Caller> {
    private final CommentService comments;

    public SetCommentSettings() {
        this(PeopleWiring.authenticator(), PeopleWiring.comments());
    }

    SetCommentSettings(Function<HttpRequest, Caller> authenticator, CommentService comments) {
        super(LoupeApi.INSTANCE, authenticator);
        this.comments = comments;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        String name = CommentRequests.galleryName(request);
        boolean anonymous = request.params().bool("anonymous").orElseThrow(() ->
                dev.loupe.core.http.ApiError.badParameter("anonymous", "anonymous is true or false"));
        return family().ok(200, new CommentViews.Settings(name, comments.setAnonymous(caller, name, anonymous)),
                request.preferredFormat());
    }
}
