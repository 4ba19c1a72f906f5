package dev.loupe.core.dynamo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * One rating (1 to 5 stars) per user per target, and the target's exact tally ({@code rating_sum},
 * {@code rating_count} on a tally item), for any table whose keys are {@code pk} and {@code sk}. The stores that own
 * the keys (galleries, images) say where the user's rating and the tally live; this class only moves them.
 *
 * <p>Exactness: the user's rating item and the tally change in one transaction, the rating item conditional on the
 * value that was read (absent, or the old stars), the tally by {@code ADD} of the difference. Two changes of one
 * user's rating racing each other: one transaction's condition fails and it reads again, so the tally never counts a
 * user twice or loses a change. Different users' ratings commute ({@code ADD}), so they never fail each other's
 * conditions; a transaction conflict (DynamoDB refuses to run two transactions on one item at once) is retried with
 * jitter.
 */
public final class StarRatings {
    public static final int MIN_STARS = 1;
    public static final int MAX_STARS = 5;
    static final String STARS = "stars";
    public static final String SUM = "rating_sum";
    public static final String COUNT = "rating_count";
    /** Enough for hundreds of users rating one target at once: each lost race means another's rating went in. */
    private static final int ATTEMPTS = 400;

    /** A target's ratings: how many, and their sum (the average is derived, so it is never out of step). */
    public record Tally(long count, long sum) {
        public static final Tally NONE = new Tally(0, 0);

        /** The average, rounded to two decimals; empty when no one rated. */
        public Optional<Double> average() {
            return count <= 0 ? Optional.empty() : Optional.of(Math.round(sum * 100.0 / count) / 100.0);
        }

        /** The tally of a stored item (the tally item; any item carrying the two numbers). */
        public static Tally of(Map<String, AttributeValue> item) {
            if (item == null) {
                return NONE;
            }
            return new Tally(number(item.get(COUNT)), number(item.get(SUM)));
        }

        private static long number(AttributeValue value) {
            return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
        }
    }

    /**
     * Where one user's rating of one target lives, where the target's tally lives, and what else must hold (and
     * change) in the same transaction: a check that the target is still the one that was read, an index attribute.
     */
    public record Target(String table, Map<String, AttributeValue> ratingKey, Map<String, AttributeValue> tallyKey,
                         Map<String, AttributeValue> ratingAttributes, List<TransactWriteItem> alsoWrite,
                         TallyUpdate tallyUpdate) {
        public Target {
            ratingAttributes = Map.copyOf(ratingAttributes);
            alsoWrite = List.copyOf(alsoWrite);
        }
    }

    /** More to set on the tally item in the same update: a clause and its values ({@code SET #x = :x}, ...). */
    public record TallyUpdate(String setOrRemove, Map<String, String> names, Map<String, AttributeValue> values) {
        public static final TallyUpdate NONE = new TallyUpdate("", Map.of(), Map.of());
    }

    /** What a change did: the user's stars before (empty: none), and whether the transaction went in. */
    public record Outcome(boolean committed, Optional<Integer> before) {
    }

    private final DynamoDbClient dynamo;

    public StarRatings(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /** The user's stars for this target, read consistently; empty when they have not rated it. */
    public Optional<Integer> stars(String table, Map<String, AttributeValue> ratingKey) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(ratingKey)
                .consistentRead(true)).item();
        return item == null || !item.containsKey(STARS) ? Optional.empty()
                : Optional.of(Integer.parseInt(item.get(STARS).n()));
    }

    /** The target's tally, read consistently. */
    public Tally tally(String table, Map<String, AttributeValue> tallyKey) {
        return Tally.of(dynamo.getItem(g -> g.tableName(table).key(tallyKey).consistentRead(true)).item());
    }

    /**
     * One attempt to set the user's stars: reads the user's rating, then writes it and moves the tally in one
     * transaction. Not committed when a condition failed (the user's rating changed meanwhile, or one of the
     * target's {@code alsoWrite} checks): the caller reads the target again and retries. Setting the same stars
     * again changes nothing and commits nothing.
     */
    public Outcome trySet(Target target, int stars) {
        if (stars < MIN_STARS || stars > MAX_STARS) {
            throw new IllegalArgumentException("stars are 1 to 5");
        }
        Optional<Integer> before = stars(target.table(), target.ratingKey());
        if (before.equals(Optional.of(stars))) {
            return new Outcome(true, before);
        }
        Map<String, AttributeValue> item = new java.util.HashMap<>(target.ratingKey());
        item.putAll(target.ratingAttributes());
        item.put(STARS, AttributeValue.fromN(Integer.toString(stars)));
        TransactWriteItem rating = TransactWriteItem.builder().put(p -> {
            p.tableName(target.table()).item(item);
            if (before.isEmpty()) {
                p.conditionExpression("attribute_not_exists(pk)");
            } else {
                p.conditionExpression("stars = :old").expressionAttributeValues(Map.of(":old",
                        AttributeValue.fromN(Integer.toString(before.get()))));
            }
        }).build();
        return new Outcome(commit(target, rating, stars - before.orElse(0), before.isEmpty() ? 1 : 0), before);
    }

    /** One attempt to remove the user's rating, as {@link #trySet}; committed with nothing to do when there is none. */
    public Outcome tryRemove(Target target) {
        Optional<Integer> before = stars(target.table(), target.ratingKey());
        if (before.isEmpty()) {
            return new Outcome(true, before);
        }
        TransactWriteItem rating = TransactWriteItem.builder().delete(d -> d.tableName(target.table())
                .key(target.ratingKey()).conditionExpression("stars = :old")
                .expressionAttributeValues(Map.of(":old", AttributeValue.fromN(Integer.toString(before.get())))))
                .build();
        return new Outcome(commit(target, rating, -before.get(), -1), before);
    }

    /**
     * Runs {@code attempt} until it commits: each failed one re-reads what it needs. A target changed by hundreds of
     * users at once needs many rounds, so the pause grows a little with each.
     */
    public static <T> T retried(java.util.function.Supplier<Optional<T>> attempt) {
        for (int round = 0; round < ATTEMPTS; round++) {
            Optional<T> done = attempt.get();
            if (done.isPresent()) {
                return done.get();
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5 + Math.min(round, 40)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while retrying a rating", e);
            }
        }
        throw new IllegalStateException("a rating lost " + ATTEMPTS + " races in a row");
    }

    private boolean commit(Target target, TransactWriteItem rating, int sumChange, int countChange) {
        TallyUpdate more = target.tallyUpdate();
        Map<String, AttributeValue> values = new java.util.HashMap<>(more.values());
        values.put(":sum", AttributeValue.fromN(Integer.toString(sumChange)));
        values.put(":count", AttributeValue.fromN(Integer.toString(countChange)));
        Map<String, String> names = new java.util.HashMap<>(more.names());
        names.put("#sum", SUM);
        names.put("#count", COUNT);
        String expression = ("ADD #sum :sum, #count :count " + more.setOrRemove()).strip();
        TransactWriteItem tally = TransactWriteItem.builder().update(u -> u.tableName(target.table())
                .key(target.tallyKey()).updateExpression(expression).expressionAttributeNames(names)
                .expressionAttributeValues(values)).build();
        List<TransactWriteItem> writes = new ArrayList<>(List.of(rating, tally));
        writes.addAll(target.alsoWrite());
        try {
            return Transactions.write(dynamo, writes).isEmpty();
        } catch (TransactionCanceledException conflicts) {
            // Transactions.write retried its conflicts a few times; a crowd on one tally may need more: try again.
            if (conflicts.cancellationReasons().stream().anyMatch(r -> "TransactionConflict".equals(r.code()))) {
                return false;
            }
            throw conflicts;
        }
    }
}
