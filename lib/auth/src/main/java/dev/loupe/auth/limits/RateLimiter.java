package dev.loupe.auth.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * A project's request rate, counted in DynamoDB per fixed time window, so that every container of every function
 * shares one count (a count per container would multiply the limit by the number of containers).
 *
 * <p>The rate-limits table's keys live here: {@code pk = P#<project>#W#<window start, epoch seconds>}, one item per
 * project and window holding {@code requests}; {@code expires_at} (TTL) removes it a window after it ends. Each
 * request is one conditional increment: it counts only while the count is under the limit, so the count never
 * passes the limit and a refused request costs no more than a failed condition.
 *
 * <p>Failed logins are counted in the same table, per project and subject (an account, a client address), as
 * {@code pk = P#<project>#<subject>#W#<window start>}: {@link #failures} reads a window's count and
 * {@link #addFailure} adds one, so only failures count and a good login never waits behind its own successes.
 */
public final class RateLimiter {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public RateLimiter(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /**
     * What a request learns about its project's rate: whether it may go on, the limit, what is left in the window,
     * and when the window ends (the {@code X-RateLimit-*} headers; {@code Retry-After} when refused).
     */
    public record Decision(boolean allowed, int limit, int remaining, Instant reset) {
        /**
         * Whole seconds until the window ends, rounded up (a client that waits them is in the next window), at least
         * 1: the value of {@code Retry-After}.
         */
        public long retryAfterSeconds(Instant now) {
            Duration left = Duration.between(now, reset);
            return Math.max(1, left.toSeconds() + (left.toNanosPart() > 0 ? 1 : 0));
        }
    }

    /** Counts one request of the project against {@code limit} requests per {@code window}. */
    public Decision acquire(String projectId, int limit, Duration window) {
        if (limit < 1 || window.toSeconds() < 1) {
            throw new IllegalArgumentException("a limit of at least 1 per at least one second");
        }
        Instant now = clock.instant();
        long size = window.toSeconds();
        long start = now.getEpochSecond() / size * size;
        Instant reset = Instant.ofEpochSecond(start + size);
        try {
            var counted = dynamo.updateItem(u -> u.tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS(key(projectId, start))))
                    .updateExpression("SET requests = if_not_exists(requests, :zero) + :one, "
                            + "expires_at = if_not_exists(expires_at, :expires)")
                    .conditionExpression("attribute_not_exists(requests) OR requests < :limit")
                    .expressionAttributeValues(Map.of(
                            ":zero", AttributeValue.fromN("0"),
                            ":one", AttributeValue.fromN("1"),
                            ":limit", AttributeValue.fromN(Integer.toString(limit)),
                            ":expires", AttributeValue.fromN(Long.toString(reset.getEpochSecond() + size))))
                    .returnValues(ReturnValue.UPDATED_NEW));
            int used = Integer.parseInt(counted.attributes().get("requests").n());
            return new Decision(true, limit, Math.max(0, limit - used), reset);
        } catch (ConditionalCheckFailedException full) {
            return new Decision(false, limit, 0, reset);
        }
    }

    /** The failures of a subject in the current window, and when that window ends. */
    public Decision failures(String projectId, String subject, int limit, Duration window) {
        long size = window.toSeconds();
        long start = clock.instant().getEpochSecond() / size * size;
        var item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(key(projectId + "#" + subject, start))))).item();
        int count = item == null || !item.containsKey("requests") ? 0 : Integer.parseInt(item.get("requests").n());
        return new Decision(count < limit, limit, Math.max(0, limit - count), Instant.ofEpochSecond(start + size));
    }

    /** Counts one failure of a subject in the current window. */
    public void addFailure(String projectId, String subject, Duration window) {
        long size = window.toSeconds();
        long start = clock.instant().getEpochSecond() / size * size;
        dynamo.updateItem(u -> u.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(key(projectId + "#" + subject, start))))
                .updateExpression("SET requests = if_not_exists(requests, :zero) + :one, "
                        + "expires_at = if_not_exists(expires_at, :expires)")
                .expressionAttributeValues(Map.of(
                        ":zero", AttributeValue.fromN("0"),
                        ":one", AttributeValue.fromN("1"),
                        ":expires", AttributeValue.fromN(Long.toString(start + 2 * size)))));
    }

    static String key(String projectId, long windowStart) {
        return "P#" + projectId + "#W#" + windowStart;
    }
}
