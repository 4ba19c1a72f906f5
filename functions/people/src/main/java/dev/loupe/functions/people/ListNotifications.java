package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.SubscriptionService;

/**
 * {@code GET /v1/me/notifications}: the signed-in user's notifications, newest first, with the exact unread count;
 * {@code unread=true} for unread ones only; paged ({@code limit}, {@code cursor}).
 */
public final class ListNotifications extends AuthenticatedApiHandler<Caller> {
    private final SubscriptionService subscriptions;

    public ListNotifications() {
        this(PeopleWiring.authenticator(), PeopleWiring.subscriptions());
    }

    ListNotifications(Function<HttpRequest, Caller> authenticator, SubscriptionService subscriptions) {
        super(LoupeApi.INSTANCE, authenticator);
        this.subscriptions = subscriptions;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, SubscriptionViews.NotificationsView.of(subscriptions.notifications(caller,
                SubscriptionRequests.unreadOnly(request), SubscriptionRequests.listing(request))),
                request.preferredFormat());
    }
}
