package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.SubscriptionService;
import dev.loupe.people.PeopleService;

/**
 * {@code PUT /v1/users/{username}/subscription}: the signed-in user follows another user of the project (another
 * project's name: 404); again changes nothing.
 */
public final class FollowUser extends AuthenticatedApiHandler<Caller> {
    private final SubscriptionService subscriptions;
    private final PeopleService people;

    public FollowUser() {
        this(PeopleWiring.authenticator(), PeopleWiring.follows(), PeopleWiring.people());
    }

    FollowUser(Function<HttpRequest, Caller> authenticator, SubscriptionService subscriptions,
            PeopleService people) {
        super(LoupeApi.INSTANCE, authenticator);
        this.subscriptions = subscriptions;
        this.people = people;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var user = people.get(caller, request.pathParameter("username").orElseThrow());
        var s = subscriptions.followUser(caller, user.userId(), user.username());
        return family().ok(200, SubscriptionViews.SubscriptionView.of(s), request.preferredFormat());
    }
}
