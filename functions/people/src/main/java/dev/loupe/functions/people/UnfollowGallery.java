package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.SubscriptionService;

/** {@code DELETE /v1/galleries/{name}/subscription}: stops following a gallery (204 whether or not it was followed). */
public final class UnfollowGallery extends AuthenticatedApiHandler<Caller> {
    private final SubscriptionService subscriptions;

    public UnfollowGallery() {
        this(PeopleWiring.authenticator(), PeopleWiring.follows());
    }

    UnfollowGallery(Function<HttpRequest, Caller> authenticator, SubscriptionService subscriptions) {
        super(LoupeApi.INSTANCE, authenticator);
        this.subscriptions = subscriptions;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        subscriptions.unfollowGallery(caller, CommentRequests.galleryName(request));
        return family().noContent();
    }
}
