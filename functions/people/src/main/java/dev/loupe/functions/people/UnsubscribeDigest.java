package dev.loupe.functions.people;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.core.Ids;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.PublicApiHandler;
import dev.loupe.people.NotificationDigests;

/**
 * {@code GET /v1/digest-unsubscribe/{token}?project=}: the link in a digest mail sets the user's digest to none.
 * Public on purpose, as the verification link: it is opened from a mail client, with no token; the one-time token
 * is the credential, bound to its project.
 */
public final class UnsubscribeDigest extends PublicApiHandler {
    @JacksonXmlRootElement(localName = "notification_settings")
    record Answer(String digest) {
    }

    private final NotificationDigests digests;

    public UnsubscribeDigest() {
        this(PeopleWiring.digests());
    }

    UnsubscribeDigest(NotificationDigests digests) {
        super(LoupeApi.INSTANCE);
        this.digests = digests;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        String project = request.params().text("project").filter(Ids::plausible)
                .orElseThrow(() -> ApiError.badParameter("project", "project (the link's) is required"));
        digests.unsubscribe(project, request.pathParameter("token").orElse(""));
        return family().ok(200, new Answer("none"), request.preferredFormat());
    }
}
