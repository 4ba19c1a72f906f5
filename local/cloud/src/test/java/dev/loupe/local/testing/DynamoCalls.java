package dev.loupe.local.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.loupe.local.Backend;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Counts what a DynamoDB client asks for: calls by operation, items DynamoDB read (a query's ScannedCount, a get's
 * items) and items it sent back, and which table or index each read went to. Emulator times are noisy; these numbers
 * are not. As an SDK interceptor it sees the clients it is added to ({@link #client}); {@link DynamoTraffic} feeds it
 * the calls of clients it can't reach (the functions').
 */
public final class DynamoCalls implements ExecutionInterceptor {
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong returned = new AtomicLong();
    private final Map<String, AtomicLong> readsFrom = new ConcurrentHashMap<>();

    /** What was counted since the last reset. */
    public record Counts(long calls, long itemsRead, long itemsReturned, Map<String, Long> byOperation) {
        @Override
        public String toString() {
            return calls + " calls " + byOperation + ", " + itemsRead + " items read, " + itemsReturned + " returned";
        }
    }

    /** A client of the back-end's DynamoDB whose calls this counts; the caller closes it. */
    public DynamoDbClient client(Backend backend) {
        return backend.dynamoDb(this);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String operation = context.request().getClass().getSimpleName().replace("Request", "");
        String from = switch (context.request()) {
            case QueryRequest query -> query.indexName() != null ? query.indexName() : query.tableName();
            case ScanRequest scan -> scan.indexName() != null ? scan.indexName() : scan.tableName();
            case GetItemRequest get -> get.tableName();
            default -> null;
        };
        switch (context.response()) {
            case QueryResponse query -> count(operation, from, query.scannedCount() == null ? 0 : query.scannedCount(),
                    query.items().size());
            case ScanResponse scan -> count(operation, from, scan.scannedCount() == null ? 0 : scan.scannedCount(),
                    scan.items().size());
            case BatchGetItemResponse batch -> {
                long items = batch.responses().values().stream().mapToLong(java.util.List::size).sum();
                count(operation, null, items, items);
            }
            case GetItemResponse get -> count(operation, from, get.hasItem() ? 1 : 0, get.hasItem() ? 1 : 0);
            // writes and table operations: counted as calls, not as reads
            default -> count(operation, null, 0, 0);
        }
    }

    /**
     * One call: {@code from} is the table or index a read went to (null for writes and batches), {@code read} the items
     * DynamoDB read for it and {@code returned} those it sent back.
     */
    public void count(String operation, String from, long itemsRead, long itemsReturned) {
        calls.computeIfAbsent(operation, o -> new AtomicLong()).incrementAndGet();
        if (from != null) {
            readsFrom.computeIfAbsent(operation + " " + from, o -> new AtomicLong()).incrementAndGet();
        }
        read.addAndGet(itemsRead);
        returned.addAndGet(itemsReturned);
    }

    /** Reads since the last reset by operation and table or index, e.g. {@code "Query by-owner" -> 2}. */
    public Map<String, Long> readsFrom() {
        Map<String, Long> snapshot = new TreeMap<>();
        readsFrom.forEach((key, n) -> snapshot.put(key, n.get()));
        return snapshot;
    }

    public Counts snapshot() {
        Map<String, Long> byOperation = new TreeMap<>();
        calls.forEach((operation, n) -> byOperation.put(operation, n.get()));
        return new Counts(byOperation.values().stream().mapToLong(Long::longValue).sum(), read.get(), returned.get(),
                byOperation);
    }

    public void reset() {
        calls.clear();
        readsFrom.clear();
        read.set(0);
        returned.set(0);
    }
}
