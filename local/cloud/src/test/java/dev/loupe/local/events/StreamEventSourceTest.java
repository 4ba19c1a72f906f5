package dev.loupe.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;

import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.Eventually;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The DynamoDB stream event source against DynamoDB Local: record order, images, TTL deletions, retries. */
@ExtendWith(SharedEmulators.class)
class StreamEventSourceTest {
    private static final String WATCHER = "TaskStreamFunction";
    private static final String FLAKY = "FlakyStreamFunction";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static DynamoDbClient dynamoDb;
    private static DynamoDbStreamsClient streams;
    private static Provisioned provisioned;
    private static String table;
    private static StreamEventSource source;
    private static final RecordingInvoker invoker = new RecordingInvoker();
    private static final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start(Emulators emulators) {
        var template = Fixtures.fixtureTemplate();
        dynamoDb = Backend.of(emulators).dynamoDb();
        streams = Backend.of(emulators).dynamoDbStreams();
        try (var sqs = Backend.of(emulators).sqs(); var s3 = Backend.of(emulators).s3()) {
            provisioned = new Provisioner(dynamoDb, sqs, s3).provision(template);
        }
        table = provisioned.tableName("FixtureTasksTable");
        // Reports the first "flaky#" record with sk 2 it sees as failed, once.
        invoker.answer(FLAKY, json -> {
            for (DynamodbStreamRecord record : dynamodbEvent(json).getRecords()) {
                var keys = record.getDynamodb().getKeys();
                if (keys.get("pk").getS().startsWith("flaky#") && keys.get("sk").getS().equals("2")
                        && failedOnce.add(keys.get("pk").getS())) {
                    return "{\"batchItemFailures\":[{\"itemIdentifier\":\""
                            + record.getDynamodb().getSequenceNumber() + "\"}]}";
                }
            }
            return "{\"batchItemFailures\":[]}";
        });
        source = new StreamEventSource(template, provisioned, streams, invoker, emulators.region(), new Deliveries());
        source.start();
    }

    @AfterAll
    static void stop() {
        source.close();
        streams.close();
        dynamoDb.close();
    }

    @Test
    void putUpdateDeleteAreInsertModifyRemoveInOrder() {
        String pk = "order#" + UUID.randomUUID();
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("1"));
        dynamoDb.putItem(b -> b.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("1"),
                "count", AttributeValue.fromN("42"),
                "done", AttributeValue.fromBool(false),
                "nothing", AttributeValue.fromNul(true),
                "tags", AttributeValue.fromSs(List.of("a", "b")),
                "sizes", AttributeValue.fromNs(List.of("1", "2.5")),
                "raw", AttributeValue.fromB(SdkBytes.fromUtf8String("bytes")),
                "nested", AttributeValue.fromM(Map.of("list", AttributeValue.fromL(List.of(
                        AttributeValue.fromS("x"), AttributeValue.fromN("7"))))))));
        dynamoDb.updateItem(b -> b.tableName(table).key(key).updateExpression("SET done = :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true))));
        dynamoDb.deleteItem(b -> b.tableName(table).key(key));

        List<DynamodbStreamRecord> records = Eventually.value(WAIT, "three records for " + pk, () -> {
            List<DynamodbStreamRecord> found = records(WATCHER, r -> pk.equals(r.getDynamodb().getKeys().get("pk").getS()));
            return found.size() >= 3 ? found : null;
        });
        assertThat(records).extracting(DynamodbStreamRecord::getEventName).containsExactly("INSERT", "MODIFY", "REMOVE");
        assertThat(records).extracting(r -> new BigInteger(r.getDynamodb().getSequenceNumber())).isSorted();

        DynamodbStreamRecord insert = records.getFirst();
        assertThat(insert.getEventID()).isNotBlank();
        assertThat(insert.getEventVersion()).isEqualTo("1.1");
        assertThat(insert.getEventSource()).isEqualTo("aws:dynamodb");
        assertThat(insert.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(insert.getEventSourceARN()).isEqualTo(provisioned.streamArn("FixtureTasksTable").orElseThrow());
        assertThat(insert.getUserIdentity()).isNull();
        var stream = insert.getDynamodb();
        assertThat(stream.getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(stream.getSizeBytes()).isPositive();
        assertThat(stream.getApproximateCreationDateTime().getTime())
                .isCloseTo(System.currentTimeMillis(), within(120_000L));
        assertThat(stream.getKeys()).containsOnlyKeys("pk", "sk");
        assertThat(stream.getOldImage()).isNull();
        var image = stream.getNewImage();
        assertThat(image.get("count").getN()).isEqualTo("42");
        assertThat(image.get("done").getBOOL()).isFalse();
        assertThat(image.get("nothing").getNULL()).isTrue();
        assertThat(image.get("tags").getSS()).containsExactlyInAnyOrder("a", "b");
        assertThat(image.get("sizes").getNS()).containsExactlyInAnyOrder("1", "2.5");
        assertThat(StandardCharsets.UTF_8.decode(image.get("raw").getB()).toString()).isEqualTo("bytes");
        var list = image.get("nested").getM().get("list").getL();
        assertThat(list.get(0).getS()).isEqualTo("x");
        assertThat(list.get(1).getN()).isEqualTo("7");

        var modify = records.get(1).getDynamodb();
        assertThat(modify.getOldImage().get("done").getBOOL()).isFalse();
        assertThat(modify.getNewImage().get("done").getBOOL()).isTrue();
        var remove = records.get(2).getDynamodb();
        assertThat(remove.getNewImage()).isNull();
        assertThat(remove.getOldImage().get("done").getBOOL()).isTrue();
        assertThat(records.get(2).getUserIdentity()).isNull();
    }

    @Test
    void expiredItemIsRemovedByTheTtlServiceWithItsIdentity() {
        String pk = "ttl#" + UUID.randomUUID();
        long expired = System.currentTimeMillis() / 1000 - 60;
        long written = System.nanoTime();
        dynamoDb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk),
                "sk", AttributeValue.fromS("task"), "expires_at", AttributeValue.fromN(String.valueOf(expired)))));

        DynamodbStreamRecord removal = Eventually.value(Duration.ofSeconds(60), "the TTL deletion of " + pk,
                () -> records(WATCHER, r -> r.getEventName().equals("REMOVE")
                        && pk.equals(r.getDynamodb().getKeys().get("pk").getS())).stream().findFirst().orElse(null));
        System.out.printf("[test] TTL deletion delivered %d ms after the write%n",
                (System.nanoTime() - written) / 1_000_000);

        assertThat(removal.getUserIdentity()).isNotNull();
        assertThat(removal.getUserIdentity().getType()).isEqualTo("Service");
        assertThat(removal.getUserIdentity().getPrincipalId()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(removal.getDynamodb().getOldImage().get("expires_at").getN()).isEqualTo(String.valueOf(expired));
    }

    @Test
    void reportedFailureIsRetriedFromTheFailedRecord() {
        String pk = "flaky#" + UUID.randomUUID();
        List<WriteRequest> writes = List.of("1", "2", "3").stream()
                .map(sk -> WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                        "pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk))).build()).build())
                .toList();
        dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(table, writes)));

        Eventually.until(WAIT, "the retry of " + pk + " sk 2", () -> deliveries(pk, "2") == 2);
        Eventually.until(WAIT, "sk 3 of " + pk, () -> deliveries(pk, "3") >= 1);
        assertThat(deliveries(pk, "1")).isEqualTo(1);
        // The retried batch starts at the failed record, as Lambda checkpoints there.
        List<DynamodbEvent> retried = invoker.eventsOf(FLAKY).stream().map(StreamEventSourceTest::dynamodbEvent)
                .filter(e -> e.getRecords().stream().anyMatch(r -> isItem(r, pk, "2")))
                .toList();
        assertThat(retried).hasSize(2);
        assertThat(isItem(retried.get(1).getRecords().getFirst(), pk, "2")).isTrue();
    }

    private static long deliveries(String pk, String sk) {
        return records(FLAKY, r -> isItem(r, pk, sk)).size();
    }

    private static boolean isItem(DynamodbStreamRecord record, String pk, String sk) {
        var keys = record.getDynamodb().getKeys();
        return pk.equals(keys.get("pk").getS()) && sk.equals(keys.get("sk").getS());
    }

    private static List<DynamodbStreamRecord> records(String function, Predicate<DynamodbStreamRecord> wanted) {
        return invoker.eventsOf(function).stream()
                .flatMap(json -> dynamodbEvent(json).getRecords().stream())
                .filter(wanted)
                .toList();
    }

    static DynamodbEvent dynamodbEvent(String json) {
        return LambdaEventSerializers.serializerFor(DynamodbEvent.class, StreamEventSourceTest.class.getClassLoader())
                .fromJson(json);
    }
}
