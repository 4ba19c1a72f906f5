package dev.loupe.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

import dev.loupe.core.http.ApiError;
import dev.loupe.fetch.SafeFetcher;

/**
 * Checks a project's {@code events_webhook} when an operator sets it, as the sender will reach it: the task webhooks'
 * check ({@link SafeFetcher#vet}: resolved, never an address inside the network), and https, since the events name
 * the project's users. Plain http passes only for a loopback address the fetcher's policy lets through, which only the
 * local cloud's allowance ({@code LOOPBACK_ALLOWED_TARGET}, empty on AWS) does. Refusals are 400s naming the field.
 */
public final class EventsWebhookUrl {
    public static final String PARAM = "events_webhook";
    public static final int MAX_LENGTH = 2000;

    private EventsWebhookUrl() {
    }

    /** The URL to store, or a 400 {@code bad_events_webhook} saying why it is refused. */
    public static String check(SafeFetcher vetter, String url) {
        String text = url.strip();
        if (text.length() > MAX_LENGTH) {
            throw refused("is longer than " + MAX_LENGTH + " characters");
        }
        URI vetted;
        try {
            vetted = vetter.vet(text);
        } catch (ApiError e) {
            throw refused("is refused: " + e.getMessage());
        }
        if (!vetted.getScheme().toLowerCase(Locale.ROOT).equals("https") && !allowedLoopback(vetted.getHost())) {
            throw refused("must be an https URL");
        }
        return vetted.toString();
    }

    /** A loopback literal that {@link SafeFetcher#vet} let through: the local cloud's allowed receiver. */
    private static boolean allowedLoopback(String host) {
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        try {
            return InetAddress.ofLiteral(literal).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ApiError refused(String why) {
        return new ApiError(400, "bad_events_webhook", PARAM + " " + why, PARAM);
    }
}
