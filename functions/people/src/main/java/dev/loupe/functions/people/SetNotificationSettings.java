package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.Notifications;
import dev.loupe.gallery.SubscriptionService;

/**
 * {@code PUT /v1/me/notification-settings}: {@code {"digest": "none"|"daily"|"weekly"}}, the signed-in user's email
 * digest of unread notifications. The request's base URL is kept for the digest's unsubscribe link (a scheduled run
 * has no request).
 */
public final class SetNotificationSettings extends AuthenticatedApiHandler<Caller> {
    @JacksonXmlRootElement(localName = "notification_settings")
    record Answer(String digest) {
    }

    private final SubscriptionService subscriptions;

    public SetNotificationSettings() {
        this(PeopleWiring.authenticator(), PeopleWiring.subscriptions());
    }

    SetNotificationSettings(Function<HttpRequest, Caller> authenticator, SubscriptionService subscriptions) {
        super(LoupeApi.INSTANCE, authenticator);
        this.subscriptions = subscriptions;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        String word = request.params().text("digest").orElseThrow(() -> ApiError.badParameter("digest",
                "digest is none, daily or weekly"));
        Notifications.Digest digest = Notifications.Digest.of(word).orElseThrow(() -> ApiError.badParameter("digest",
                "digest is none, daily or weekly"));
        subscriptions.setDigest(caller, digest, request.baseUrl());
        return family().ok(200, new Answer(digest.word()), request.preferredFormat());
    }
}
