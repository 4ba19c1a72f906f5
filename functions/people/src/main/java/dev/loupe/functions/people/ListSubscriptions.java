package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.SubscriptionService;

/**
 * {@code GET /v1/me/subscriptions}: the galleries and users the signed-in user follows, paged ({@code limit}, {@code
 * cursor}).
 */
public final class ListSubscriptions extends AuthenticatedApiHandler<Caller> {
    private final SubscriptionService subscriptions;

    public ListSubscriptions() {
        this(PeopleWiring.authenticator(), PeopleWiring.subscriptions());
    }

    ListSubscriptions(Function<HttpRequest, Caller> authenticator, SubscriptionService subscriptions) {
        super(LoupeApi.INSTANCE, authenticator);
        this.subscriptions = subscriptions;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, SubscriptionViews.SubscriptionsView.of(subscriptions.subscriptions(caller,
                SubscriptionRequests.listing(request))), request.preferredFormat());
    }
}
