package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.SubscriptionService;

/**
 * {@code GET /v1/me/notification-settings}: the signed-in user's email digest ({@code none} until they choose one),
 * answered as {@code PUT} answers it.
 */
public final class GetNotificationSettings extends AuthenticatedApiHandler<Caller> {
    private final SubscriptionService subscriptions;

    public GetNotificationSettings() {
        this(PeopleWiring.authenticator(), PeopleWiring.subscriptions());
    }

    GetNotificationSettings(Function<HttpRequest, Caller> authenticator, SubscriptionService subscriptions) {
        super(LoupeApi.INSTANCE, authenticator);
        this.subscriptions = subscriptions;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, new SetNotificationSettings.Answer(subscriptions.digest(caller).word()),
                request.preferredFormat());
    }
}
