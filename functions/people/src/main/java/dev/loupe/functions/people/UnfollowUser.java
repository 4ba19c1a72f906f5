package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.SubscriptionService;
import dev.loupe.people.PeopleService;

/** {@code DELETE /v1/users/{username}/subscription}: stops following a user (204 whether or not they were followed). */
public final class UnfollowUser extends AuthenticatedApiHandler<Caller> {
    private final SubscriptionService subscriptions;
    private final PeopleService people;

    public UnfollowUser() {
        this(PeopleWiring.authenticator(), PeopleWiring.subscriptions(), PeopleWiring.people());
    }

    UnfollowUser(Function<HttpRequest, Caller> authenticator, SubscriptionService subscriptions,
            PeopleService people) {
        super(LoupeApi.INSTANCE, authenticator);
        this.subscriptions = subscriptions;
        this.people = people;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var user = people.get(caller, request.pathParameter("username").orElseThrow());
        subscriptions.unfollowUser(caller, user.userId());
        return family().noContent();
    }
}
