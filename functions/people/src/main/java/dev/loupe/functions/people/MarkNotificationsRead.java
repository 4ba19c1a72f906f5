package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.SubscriptionService;

/**
 * {@code POST /v1/me/notifications/read}: marks the given notifications ({@code {"ids": [...]}}) or all of them read;
 * answers how many were unread and the unread count after.
 */
public final class MarkNotificationsRead extends AuthenticatedApiHandler<Caller> {
    private final SubscriptionService subscriptions;

    public MarkNotificationsRead() {
        this(PeopleWiring.authenticator(), PeopleWiring.subscriptions());
    }

    MarkNotificationsRead(Function<HttpRequest, Caller> authenticator, SubscriptionService subscriptions) {
        super(LoupeApi.INSTANCE, authenticator);
        this.subscriptions = subscriptions;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        int marked = subscriptions.markRead(caller, SubscriptionRequests.ids(request));
        return family().ok(200, new SubscriptionViews.ReadView(marked, subscriptions.notifications(caller, true,
                new SubscriptionService.Listing(java.util.Optional.empty(), 1)).unread()), request.preferredFormat());
    }
}
