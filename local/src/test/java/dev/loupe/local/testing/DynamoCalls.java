package dev.loupe.local.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.loupe.local.Backend;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Counts what a DynamoDB client asks for: calls by operation, items DynamoDB read (a query's ScannedCount, a get's
 * items) and items it sent back. Emulator times are noisy; these numbers are not.
 */
public final class DynamoCalls implements ExecutionInterceptor {
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong returned = new AtomicLong();

    /** What was counted since the last reset. */
    public record Counts(long calls, long itemsRead, long itemsReturned, Map<String, Long> byOperation) {
        @Override
        public String toString() {
            return calls + " calls " + byOperation + ", " + itemsRead + " items read, " + itemsReturned + " returned";
        }
    }

    /** A client of the back-end's DynamoDB whose calls this counts; the caller closes it. */
    public DynamoDbClient client(Backend backend) {
        return DynamoDbClient.builder()
                .endpointOverride(backend.dynamoDbEndpoint())
                .region(Region.of(backend.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(backend.accessKey(),
                        backend.secretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(this))
                .build();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String operation = context.request().getClass().getSimpleName().replace("Request", "");
        calls.computeIfAbsent(operation, o -> new AtomicLong()).incrementAndGet();
        switch (context.response()) {
            case QueryResponse query -> {
                read.addAndGet(query.scannedCount() == null ? 0 : query.scannedCount());
                returned.addAndGet(query.items().size());
            }
            case BatchGetItemResponse batch -> {
                long items = batch.responses().values().stream().mapToLong(java.util.List::size).sum();
                read.addAndGet(items);
                returned.addAndGet(items);
            }
            case GetItemResponse get -> {
                long items = get.hasItem() ? 1 : 0;
                read.addAndGet(items);
                returned.addAndGet(items);
            }
            default -> {
                // writes and table operations are not what this counts
            }
        }
    }

    public Counts snapshot() {
        Map<String, Long> byOperation = new TreeMap<>();
        calls.forEach((operation, n) -> byOperation.put(operation, n.get()));
        return new Counts(byOperation.values().stream().mapToLong(Long::longValue).sum(), read.get(), returned.get(),
                byOperation);
    }

    public void reset() {
        calls.clear();
        read.set(0);
        returned.set(0);
    }
}
