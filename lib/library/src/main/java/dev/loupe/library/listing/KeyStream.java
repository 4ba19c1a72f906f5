package dev.loupe.library.listing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * One index partition's sort values, in order, read lazily: a page at a time, keys only (just the sort attribute,
 * which ends in the image id). Pages start at about the listing's page size and double, so a stream that a merge
 * drains fast costs a few calls, and one that contributes little costs one small call.
 */
final class KeyStream implements Keys {
    /** A stream never asks for more than this at once; DynamoDB stops at 1 MB anyway (about 6,000 keys). */
    static final int MAX_CHUNK = 5_000;

    /**
     * One index partition of a listing.
     *
     * @param count    images in it, from the counters: how many a stream reads at most
     * @param counters the bucket counter attributes it holds (one bucket's, or all of them for a project's)
     */
    record Partition(String index, String keyAttribute, String keyValue, long count, List<String> counters) {
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Partition partition;
    private final String sortAttribute;
    private final boolean descending;
    private final Optional<String> after;
    private final boolean inclusive;
    private final ArrayDeque<String> buffer = new ArrayDeque<>();
    private Map<String, AttributeValue> startKey;
    private boolean exhausted;
    private int chunk;
    private final int pageChunk;

    /**
     * @param after a sort value this stream starts strictly after (in its direction): where a cursor left off
     */
    KeyStream(DynamoDbClient dynamo, String table, Partition partition, String sortAttribute, boolean descending,
              Optional<String> after, int firstChunk) {
        this(dynamo, table, partition, sortAttribute, descending, after, false, firstChunk);
    }

    /** @param inclusive whether {@code after} itself is in the stream (a rank block's first key may be its prefix) */
    KeyStream(DynamoDbClient dynamo, String table, Partition partition, String sortAttribute, boolean descending,
              Optional<String> after, boolean inclusive, int firstChunk) {
        this.inclusive = inclusive;
        this.dynamo = dynamo;
        this.table = table;
        this.partition = partition;
        this.sortAttribute = sortAttribute;
        this.descending = descending;
        this.after = after;
        this.exhausted = partition.count() <= 0;
        // Asking for one more than the counter says makes the last call end without a LastEvaluatedKey.
        this.pageChunk = (int) Math.max(1, Math.min(firstChunk, partition.count() + 1));
        this.chunk = pageChunk;
    }

    Partition partition() {
        return partition;
    }

    /** The size of the next read (a merge that is about to skip sets it from the share it expects here). */
    void chunk(long size) {
        chunk = (int) Math.max(1, Math.min(MAX_CHUNK, size));
    }

    /** Back to the page-sized reads it started with (after a skip's large ones). */
    void pageSizedReads() {
        chunk = pageChunk;
    }

    @Override
    public String peek() {
        fill();
        return buffer.peekFirst();
    }

    @Override
    public String poll() {
        fill();
        return buffer.pollFirst();
    }

    /**
     * Skips {@code n} keys without reading them: COUNT queries with a Limit transfer no items, and the last one's
     * LastEvaluatedKey is where the page starts. Only before anything was read. Returns how many were skipped (fewer when the partition ends).
     */
    long skipByCount(long n) {
        if (!buffer.isEmpty()) {
            throw new IllegalStateException("count-skipping needs a fresh stream");
        }
        long skipped = 0;
        while (skipped < n && !exhausted) {
            long remaining = n - skipped;
            QueryResponse response = dynamo.query(request(false)
                    .select(Select.COUNT)
                    .limit((int) Math.min(Integer.MAX_VALUE, remaining))
                    .build());
            skipped += response.count();
            advance(response);
        }
        return skipped;
    }

    private void fill() {
        // Pages grow as the stream is read further (the first is sized to the page).
        while (buffer.isEmpty() && !exhausted) {
            QueryResponse response = dynamo.query(request(true)
                    .projectionExpression("#s")
                    .limit(chunk)
                    .build());
            for (Map<String, AttributeValue> item : response.items()) {
                buffer.addLast(item.get(sortAttribute).s());
            }
            advance(response);
            chunk = Math.min(MAX_CHUNK, chunk * 2);
        }
    }

    private void advance(QueryResponse response) {
        if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()) {
            startKey = response.lastEvaluatedKey();
        } else {
            exhausted = true;
        }
    }

    /** @param projecting whether the request names the sort attribute in a projection (DynamoDB refuses unused names) */
    private QueryRequest.Builder request(boolean projecting) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#p", partition.keyAttribute());
        if (projecting || after.isPresent()) {
            names.put("#s", sortAttribute);
        }
        values.put(":p", AttributeValue.fromS(partition.keyValue()));
        String condition = "#p = :p";
        if (after.isPresent()) {
            condition += " AND #s " + (descending ? "<" : ">") + (inclusive ? "=" : "") + " :after";
            values.put(":after", AttributeValue.fromS(after.get()));
        }
        QueryRequest.Builder builder = QueryRequest.builder().tableName(table).indexName(partition.index())
                .keyConditionExpression(condition).scanIndexForward(!descending);
        builder.expressionAttributeNames(names).expressionAttributeValues(values);
        if (startKey != null) {
            builder.exclusiveStartKey(startKey);
        }
        return builder;
    }
}
