package dev.loupe.local.events;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.loupe.local.lambda.Invoker;
import dev.loupe.local.template.FunctionDef.StreamSource;

import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * One DynamoDB stream event source mapping: follows every shard of the table's stream (parents before children,
 * new shards from their start), and delivers each GetRecords batch (at most BatchSize records) to the function.
 *
 * <p>Retries differ from Lambda's on purpose: Lambda retries a failing batch until its records expire (24 hours),
 * blocking the shard. Locally a batch is tried {@link #MAX_ATTEMPTS} times with a short backoff, then skipped and
 * logged, so one bad record does not stall development. With ReportBatchItemFailures a retry resumes from the
 * first failed record, as Lambda checkpoints at the lowest failed sequence number.
 */
final class StreamPoller extends Poller {
    static final int MAX_ATTEMPTS = 4;
    static final long POLL_INTERVAL_MS = 500;
    private static final long FIRST_RETRY_DELAY_MS = 500;

    private static final class OpenShard {
        final String shardId;
        String iterator;
        String lastSequenceNumber;

        OpenShard(String shardId, String iterator) {
            this.shardId = shardId;
            this.iterator = iterator;
        }
    }

    private final StreamSource source;
    private final String streamArn;
    private final String region;
    private final DynamoDbStreamsClient streams;
    private final Invoker invoker;
    private final Deliveries deliveries;
    private final Map<String, OpenShard> open = new LinkedHashMap<>();
    private final Set<String> finished = new HashSet<>();
    private boolean started;

    StreamPoller(StreamSource source, String streamArn, String region, DynamoDbStreamsClient streams,
                 Invoker invoker, Deliveries deliveries) {
        this.deliveries = deliveries;
        this.source = source;
        this.streamArn = streamArn;
        this.region = region;
        this.streams = streams;
        this.invoker = invoker;
    }

    @Override
    protected boolean pollOnce() {
        followNewShards();
        return readShards();
    }

    @Override
    protected long idlePauseMillis() {
        return POLL_INTERVAL_MS;
    }

    @Override
    protected String describe() {
        return "[dynamodb] " + source.tableId() + " -> " + source.functionId();
    }

    /** On the first call, starts where StartingPosition says; later shards (splits, rollovers) from their start. */
    private void followNewShards() {
        List<Shard> shards = describeShards();
        Set<String> present = new HashSet<>();
        shards.forEach(shard -> present.add(shard.shardId()));
        boolean latest = !started && "LATEST".equalsIgnoreCase(source.startingPosition());
        for (Shard shard : shards) {
            String id = shard.shardId();
            if (open.containsKey(id) || finished.contains(id)) {
                continue;
            }
            boolean closed = shard.sequenceNumberRange() != null
                    && shard.sequenceNumberRange().endingSequenceNumber() != null;
            if (latest && closed) {
                finished.add(id); // history LATEST skips
                continue;
            }
            String parent = shard.parentShardId();
            if (!latest && parent != null && present.contains(parent) && !finished.contains(parent)) {
                continue; // records of a key are in order only if the parent is read first
            }
            ShardIteratorType type = latest ? ShardIteratorType.LATEST : ShardIteratorType.TRIM_HORIZON;
            open.put(id, new OpenShard(id, iterator(id, type, null)));
        }
        started = true;
    }

    /** @return whether any shard had records */
    private boolean readShards() {
        boolean any = false;
        for (OpenShard shard : new ArrayList<>(open.values())) {
            if (!running()) {
                break;
            }
            GetRecordsResponse response;
            try {
                response = streams.getRecords(b -> b.shardIterator(shard.iterator)
                        .limit(readLimit()));
            } catch (ExpiredIteratorException e) {
                shard.iterator = shard.lastSequenceNumber == null
                        ? iterator(shard.shardId, ShardIteratorType.TRIM_HORIZON, null)
                        : iterator(shard.shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, shard.lastSequenceNumber);
                continue;
            } catch (TrimmedDataAccessException e) {
                shard.iterator = iterator(shard.shardId, ShardIteratorType.TRIM_HORIZON, null);
                continue;
            } catch (ResourceNotFoundException e) {
                open.remove(shard.shardId);
                finished.add(shard.shardId);
                continue;
            }
            List<Record> records = response.records();
            if (!records.isEmpty()) {
                any = true;
                deliver(records);
                shard.lastSequenceNumber = records.getLast().dynamodb().sequenceNumber();
            }
            shard.iterator = response.nextShardIterator();
            if (shard.iterator == null) {
                open.remove(shard.shardId);
                finished.add(shard.shardId);
            }
        }
        return any;
    }

    /**
     * Records per GetRecords call: BatchSize, or with filters DynamoDB's maximum, since Lambda filters before it
     * batches (BatchSize counts the records that pass), so a stream of mostly filtered records costs a tenth of the
     * calls.
     */
    private int readLimit() {
        return source.filters().filters() ? 1000 : Math.clamp(source.batchSize(), 1, 1000);
    }

    /**
     * Records that match no filter are passed over, as Lambda does: never invoked, and the shard moves on past them
     * (the caller checkpoints at the last record read, delivered or not). The rest go in batches of BatchSize.
     */
    private void deliver(List<Record> records) {
        if (!source.filters().filters()) {
            deliverBatch(records);
            return;
        }
        List<Record> matched = records.stream().filter(record -> source.filters().matches(
                DynamoDbEventJson.record(record, streamArn, region))).toList();
        deliveries.filteredOut(source.functionId(), records.size() - matched.size());
        int size = Math.max(1, source.batchSize());
        for (int from = 0; from < matched.size() && running(); from += size) {
            deliverBatch(matched.subList(from, Math.min(matched.size(), from + size)));
        }
    }

    private void deliverBatch(List<Record> records) {
        List<Record> batch = records;
        long delay = FIRST_RETRY_DELAY_MS;
        for (int attempt = 1; ; attempt++) {
            BatchItemFailures failures = invoke(batch);
            if (failures.allSucceeded()) {
                System.out.println("[dynamodb] " + source.functionId() + " <- " + batch.size() + " record(s) from "
                        + source.tableId());
                return;
            }
            if (!failures.wholeBatchFailed()) {
                batch = fromFirstFailure(batch, failures.failedIds());
            }
            if (attempt >= MAX_ATTEMPTS || !running()) {
                System.err.println("[dynamodb] " + source.functionId() + " failed " + attempt + " times on "
                        + batch.size() + " record(s) from " + source.tableId() + ", skipping them: "
                        + describe(failures));
                return;
            }
            System.err.println("[dynamodb] " + source.functionId() + " failed (" + describe(failures) + "), retrying "
                    + batch.size() + " record(s) from " + source.tableId() + " in " + delay + " ms");
            sleep(delay);
            delay *= 2;
        }
    }

    private BatchItemFailures invoke(List<Record> batch) {
        List<com.fasterxml.jackson.databind.node.ObjectNode> records = batch.stream()
                .map(record -> DynamoDbEventJson.record(record, streamArn, region)).toList();
        deliveries.delivered(source.functionId(), records);
        String event = DynamoDbEventJson.of(records);
        try {
            String result = invoker.invoke(source.functionId(), event);
            if (!source.reportBatchItemFailures()) {
                return BatchItemFailures.none();
            }
            return BatchItemFailures.read(result, batch.stream().map(r -> r.dynamodb().sequenceNumber()).toList());
        } catch (Invoker.FunctionFailedException | RuntimeException e) {
            return BatchItemFailures.wholeBatch(String.valueOf(e.getMessage()));
        }
    }

    /** Records come in sequence order within a shard, so the first failed one has the lowest sequence number. */
    private static List<Record> fromFirstFailure(List<Record> batch, Set<String> failedSequenceNumbers) {
        for (int i = 0; i < batch.size(); i++) {
            if (failedSequenceNumbers.contains(batch.get(i).dynamodb().sequenceNumber())) {
                return batch.subList(i, batch.size());
            }
        }
        return batch;
    }

    private static String describe(BatchItemFailures failures) {
        return failures.wholeBatchFailed() ? failures.reason()
                : "reported failures " + failures.failedIds();
    }

    private List<Shard> describeShards() {
        List<Shard> shards = new ArrayList<>();
        String exclusiveStart = null;
        do {
            String start = exclusiveStart;
            var description = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(start))
                    .streamDescription();
            shards.addAll(description.shards());
            exclusiveStart = description.lastEvaluatedShardId();
        } while (exclusiveStart != null);
        return shards;
    }

    private String iterator(String shardId, ShardIteratorType type, String sequenceNumber) {
        return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId).shardIteratorType(type)
                .sequenceNumber(sequenceNumber)).shardIterator();
    }
}
