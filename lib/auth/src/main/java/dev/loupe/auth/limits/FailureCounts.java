package dev.loupe.auth.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Failures (wrong passwords) counted per scope and fixed time window in the rate-limits table, shared by every
 * container: {@code pk = F#<scope>#W#<window start, epoch seconds>} holding {@code failures}; {@code expires_at}
 * (TTL) removes it a window after it ends. {@link RateLimiter}'s keys start with {@code P#}, so the two never meet.
 */
public final class FailureCounts {
    /** How many failures a scope had in the current window, and when that window ends. */
    public record Window(long failures, Instant end) {
        /** Whole seconds until the window ends, at least 1: {@code Retry-After}. */
        public long secondsLeft(Instant now) {
            Duration left = Duration.between(now, end);
            return Math.max(1, left.toSeconds() + (left.toNanosPart() > 0 ? 1 : 0));
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public FailureCounts(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** The scope's failures in the window now running (a consistent read: the count a guess must see). */
    public Window current(String scope, Duration window) {
        long start = start(window);
        var item = dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(key(scope, start))))).item();
        long failures = item == null || !item.containsKey("failures") ? 0 : Long.parseLong(item.get("failures").n());
        return new Window(failures, Instant.ofEpochSecond(start + window.toSeconds()));
    }

    /** Counts one failure of the scope in the window now running. */
    public void add(String scope, Duration window) {
        long start = start(window);
        long size = window.toSeconds();
        dynamo.updateItem(u -> u.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(key(scope, start))))
                .updateExpression("ADD failures :one SET expires_at = if_not_exists(expires_at, :expires)")
                .expressionAttributeValues(Map.of(
                        ":one", AttributeValue.fromN("1"),
                        ":expires", AttributeValue.fromN(Long.toString(start + 2 * size)))));
    }

    private long start(Duration window) {
        long size = window.toSeconds();
        if (size < 1) {
            throw new IllegalArgumentException("a window of at least one second");
        }
        return clock.instant().getEpochSecond() / size * size;
    }

    static String key(String scope, long windowStart) {
        return "F#" + scope + "#W#" + windowStart;
    }
}
