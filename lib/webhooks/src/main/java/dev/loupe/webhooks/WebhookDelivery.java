package dev.loupe.webhooks;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import dev.loupe.fetch.SafeFetcher;
import dev.loupe.core.http.ApiError;

/**
 * The WebhookQueue consumer's logic, free of Lambda types: POSTs what {@link WebhookSubjects} answers for a job (a
 * finished task, as {@code GET /v1/task/{task}} renders it in JSON, to the task's {@code webhook}), signed
 * ({@link WebhookSignature}) with its project's secret key.
 * A message may come twice (the finishing worker may send it again after a redelivery, SQS delivers at least once):
 * receivers dedupe by the {@code task} field.
 */
public final class WebhookDelivery {
    /** What became of one message. */
    public enum Outcome {
        /** The receiver answered 2xx. */
        DELIVERED,
        /** Nothing to send, or sending can never work (task gone, no webhook, refused address): drop it. */
        DROPPED,
        /** The receiver failed (non-2xx, no connection, timeout): try again later. */
        RETRY
    }

    /** The outcome, with why, for the log. */
    public record Result(Outcome outcome, String detail) {
    }

    private final WebhookSubjects subjects;
    private final SafeFetcher fetcher;
    private final Clock clock;

    public WebhookDelivery(WebhookSubjects subjects, SafeFetcher fetcher, Clock clock) {
        this.subjects = subjects;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    public Result deliver(WebhookJob job) {
        WebhookSubjects.Send send;
        switch (subjects.find(job)) {
            case WebhookSubjects.Drop drop -> {
                return new Result(Outcome.DROPPED, drop.reason());
            }
            case WebhookSubjects.Send found -> send = found;
        }
        byte[] body = send.body();
        String signature = WebhookSignature.header(send.signingKey(), clock.instant(), body);
        try {
            SafeFetcher.Posted posted = fetcher.post(URI.create(send.url()), body, "application/json",
                    Map.of(WebhookSignature.HEADER, signature));
            return posted.ok() ? new Result(Outcome.DELIVERED, "HTTP " + posted.status())
                    : new Result(Outcome.RETRY, "HTTP " + posted.status());
        } catch (ApiError e) {
            // A refused address (the name now resolves inside the network) or a bad URL: retrying cannot help.
            // Failures to connect or resolve and timeouts (fetch_failed, fetch_timeout): the receiver may be back.
            return e.code().equals("forbidden_address") || e.code().equals("bad_url")
                    ? new Result(Outcome.DROPPED, e.code() + ": " + e.getMessage())
                    : new Result(Outcome.RETRY, e.code() + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return new Result(Outcome.DROPPED, "bad webhook URL: " + e.getMessage());
        }
    }

    /**
     * How long a failed delivery waits before the next: {@code base × 2^(receiveCount-1)}, at most {@code cap}
     * (and SQS's own limit on a visibility timeout, 12 hours, is far above).
     */
    public static Duration backoff(Duration base, int receiveCount, Duration cap) {
        int shift = Math.clamp(receiveCount - 1, 0, 20);
        long seconds = base.toSeconds() << shift;
        return seconds >= cap.toSeconds() || seconds < 0 ? cap : Duration.ofSeconds(seconds);
    }
}
