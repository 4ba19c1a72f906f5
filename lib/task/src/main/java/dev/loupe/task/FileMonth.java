package dev.loupe.task;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * A UTC calendar month, the period of a project's monthly file allowance: the month an instant falls in, when its
 * count resets (the first of the next month, 00:00 UTC), and how long its counter is kept.
 */
public record FileMonth(YearMonth month) {
    /** A month's counter outlives its month by this much (TTL, only so that old months go; nothing reads them). */
    static final Duration KEPT_AFTER_RESET = Duration.ofDays(31);

    public static FileMonth of(Instant instant) {
        return new FileMonth(YearMonth.from(instant.atOffset(ZoneOffset.UTC)));
    }

    /** {@code 2026-12}: the month in the counter's key. */
    public String key() {
        return month.toString();
    }

    /** The first instant of the next month, UTC: when the count starts again from 0. */
    public Instant resetsAt() {
        return month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** The reset's date as a message names it, {@code 2027-01-01}. */
    public String resetDate() {
        return month.plusMonths(1).atDay(1).toString();
    }

    /** The counter's {@code expires_at} (epoch seconds). */
    long expiresAt() {
        return resetsAt().plus(KEPT_AFTER_RESET).getEpochSecond();
    }
}
