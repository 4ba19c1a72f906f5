package dev.loupe.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how long to wait before trying a call again. What is retried: a call the server refused with 429, or
 * answered 502, 503 or 504, or that failed to connect or lost its connection; but a call that is not safe to repeat (a
 * POST that creates or adds something, a PATCH) only when repeating it cannot do it twice: after a 429 (refused
 * before any work) or a failed connection attempt (nothing was sent). GET, PUT, DELETE, and the idempotent uploads (a
 * presigned PUT) are retried on all of these.
 *
 * <p>The wait is the server's {@code Retry-After} when it sends one (a call whose Retry-After exceeds
 * {@link #maxRetryAfter} fails at once with it); otherwise exponential backoff with jitter: a random wait between half
 * and all of {@code min(maxDelay, baseDelay * 2^(attempt - 1))}.
 *
 * @param maxAttempts   the attempts in all, the first included (1: never retry)
 * @param baseDelay     the backoff's first wait
 * @param maxDelay      the backoff's longest wait
 * @param maxRetryAfter the longest {@code Retry-After} worth waiting for
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be 1 or more");
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    }

    /** 5 attempts, waits from 200 ms up to 10 s, and a Retry-After of up to a minute. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    /** One attempt only. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, baseDelay, maxDelay, maxRetryAfter);
    }

    /**
     * The wait before attempt {@code failedAttempt + 1}, or null when the server asks for a longer wait than
     * {@link #maxRetryAfter}.
     */
    Duration delay(int failedAttempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxRetryAfter) > 0 ? null : retryAfter;
        }
        long base = Math.max(0, baseDelay.toMillis());
        long ceiling = Math.min(maxDelay.toMillis(), base << Math.min(30, failedAttempt - 1));
        if (ceiling <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }
}
