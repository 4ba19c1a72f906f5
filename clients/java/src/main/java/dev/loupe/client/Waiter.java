package dev.loupe.client;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Polls until something is ready: first after 250 ms, then each wait doubled up to 5 s, until a deadline. */
final class Waiter {
    static final Duration FIRST = Duration.ofMillis(250);
    static final Duration LONGEST = Duration.ofSeconds(5);

    private final Transport.Sleeper sleeper;

    Waiter(Transport.Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    /** The first non-null answer of {@code poll}; a LoupeException (status 0, code timeout) after {@code timeout}. */
    <T> T until(Duration timeout, String what, Supplier<T> poll) {
        Instant deadline = Instant.now().plus(timeout);
        Duration wait = FIRST;
        while (true) {
            T value = poll.get();
            if (value != null) {
                return value;
            }
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new LoupeException(0, "timeout", "Gave up waiting for " + what + " after " + timeout);
            }
            try {
                sleeper.sleep(wait.compareTo(left) < 0 ? wait : left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LoupeException(0, "interrupted", "Interrupted while waiting for " + what, null, null, e);
            }
            wait = wait.multipliedBy(2).compareTo(LONGEST) > 0 ? LONGEST : wait.multipliedBy(2);
        }
    }
}
