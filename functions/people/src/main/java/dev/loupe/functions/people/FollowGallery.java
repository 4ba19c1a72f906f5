package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.SubscriptionService;

/**
 * {@code PUT /v1/galleries/{name}/subscription}: the signed-in user follows a gallery they may see (a password
 * gallery: with its {@code password} or {@code vt}); again changes nothing.
 */
public final class FollowGallery extends AuthenticatedApiHandler<Caller> {
    private final SubscriptionService subscriptions;

    public FollowGallery() {
        this(PeopleWiring.authenticator(), PeopleWiring.follows());
    }

    FollowGallery(Function<HttpRequest, Caller> authenticator, SubscriptionService subscriptions) {
        super(LoupeApi.INSTANCE, authenticator);
        this.subscriptions = subscriptions;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var s = subscriptions.followGallery(caller, CommentRequests.galleryName(request),
                CommentRequests.visitor(request));
        return family().ok(200, SubscriptionViews.SubscriptionView.of(s), request.preferredFormat());
    }
}
