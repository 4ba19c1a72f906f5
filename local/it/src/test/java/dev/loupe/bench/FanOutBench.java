package dev.loupe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.loupe.auth.Role;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.events.GeneratedEvents;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.testing.Eventually;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SampleLibrary;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The fan-out benchmark (bench/fanout.sh; docs/PERFORMANCE.md, "Notification fan-out"): one gallery with N followers
 * (10,000 by default, written as the follow route writes them), one image added through the API; times the stream
 * record to the last follower's notification through the real stream consumer, NotificationQueue and its worker,
 * then forces redelivery (the first and a middle fan-out message delivered again, and the stream record replayed),
 * waits for the queue to drain and checks that every follower has exactly one notification and an unread count of
 * exactly 1. Prints the times, the counts and the load average; writes local/it/target/bench-fanout.md.
 *
 * <p>Not part of the test run: it needs {@code -Dloupe.bench=true}.
 */
@LoupeCloudTest
@EnabledIfSystemProperty(named = "loupe.bench", matches = "true")
class FanOutBench {
    private static final int FOLLOWERS = Integer.getInteger("loupe.bench.followers", 10_000);
    private static final Duration WAIT = Duration.ofMinutes(30);

    @Test
    void everyFollowerGetsExactlyOneNotification(ProjectClient client, LoupeCloud cloud) throws Exception {
        String project = client.project().projectId();
        String table = cloud.provisioned().tableName("GalleriesTable");
        String ownerId = "bench-owner";
        String owner = client.tokenFor(ownerId, "bench-owner", Role.EDITOR);
        SampleLibrary.seedImage(client, "bench-image", "bench.jpg", Optional.empty());
        var made = HttpClients.send(client.baseUri(), "POST", "/v1/galleries", owner, "application/json",
                "{\"name\":\"bench-crowd\",\"security\":\"unlisted\"}", null);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        Map<String, AttributeValue> galleryKey = Map.of("pk", AttributeValue.fromS("P#" + project + "#G#bench-crowd"),
                "sk", AttributeValue.fromS("GALLERY"));
        List<String> followers = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        try (DynamoDbClient dynamo = cloud.backend().dynamoDb()) {
            var before = dynamo.getItem(g -> g.tableName(table).consistentRead(true).key(galleryKey)).item();
            long added = Long.parseLong(before.get("added").n());
            long seedStart = System.nanoTime();
            List<WriteRequest> batch = new ArrayList<>();
            for (int i = 0; i < FOLLOWERS; i++) {
                String id = String.format(Locale.ROOT, "bench-follower-%05d", i);
                followers.add(id);
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                        "pk", AttributeValue.fromS("P#" + project + "#FOL#G#bench-crowd#" + added),
                        "sk", AttributeValue.fromS(id), "since", AttributeValue.fromS("2026-01-01T00:00:00Z")))
                        .build()).build());
                if (batch.size() == 25 || i == FOLLOWERS - 1) {
                    List<WriteRequest> writes = List.copyOf(batch);
                    dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, writes)));
                    batch.clear();
                }
            }
            double seedSeconds = (System.nanoTime() - seedStart) / 1e9;

            long start = System.nanoTime();
            var add = HttpClients.send(client.baseUri(), "POST", "/v1/galleries/bench-crowd/images", owner,
                    "application/json", "{\"image\":\"bench-image\"}", null);
            assertThat(add.statusCode()).as(add.body()).isEqualTo(200);
            Eventually.until(WAIT, "the last follower notified", () -> unread(dynamo, table, project,
                    followers.getLast()) == 1);
            waitForEmptyQueue(cloud);
            double fanOutSeconds = (System.nanoTime() - start) / 1e9;
            String load1 = Files.readString(Path.of("/proc/loadavg")).strip();

            // Forced redelivery: two fan-out messages again, and the stream record replayed.
            var after = dynamo.getItem(g -> g.tableName(table).consistentRead(true).key(galleryKey)).item();
            String job = "{\"project_id\":\"" + project + "\",\"event_id\":\"images#bench-crowd#" + added + "#"
                    + after.get("version").n() + "\",\"kind\":\"images_added\",\"at\":\""
                    + Instant.ofEpochSecond(Long.parseLong(after.get("updated").n())) + "\",\"actor_id\":\"" + ownerId
                    + "\",\"gallery\":\"bench-crowd\",\"gallery_added\":" + added
                    + ",\"images\":1,\"audience\":\"gallery_followers\"";
            String queueArn = cloud.provisioned().queueArn("NotificationQueue");
            long again = System.nanoTime();
            for (String body : List.of(job + "}", job + ",\"after\":\"" + followers.get(FOLLOWERS / 2) + "\"}")) {
                assertThat(cloud.functions().invoke("NotificationFanOutFunction",
                        GeneratedEvents.sqs(queueArn, body, "us-east-1"))).contains("\"batchItemFailures\":[]");
            }
            assertThat(cloud.functions().invoke("NotificationEventsFunction", GeneratedEvents.dynamoDbStream("MODIFY",
                    galleryKey, after, before, cloud.provisioned().streamArn("GalleriesTable").orElseThrow(),
                    "us-east-1"))).contains("\"batchItemFailures\":[]");
            waitForEmptyQueue(cloud);
            double redeliverySeconds = (System.nanoTime() - again) / 1e9;
            String load2 = Files.readString(Path.of("/proc/loadavg")).strip();

            // Every follower: an unread count of exactly 1 (BatchGetItem, 100 at a time) and one notification (a
            // bench may scan: it counts every notification item of the project).
            long wrong = 0;
            for (int i = 0; i < followers.size(); i += 100) {
                List<Map<String, AttributeValue>> keys = new ArrayList<>();
                for (String f : followers.subList(i, Math.min(i + 100, followers.size()))) {
                    keys.add(Map.of("pk", AttributeValue.fromS("P#" + project + "#N#" + f),
                            "sk", AttributeValue.fromS("UNREAD")));
                }
                Map<String, KeysAndAttributes> request = new HashMap<>(Map.of(table,
                        KeysAndAttributes.builder().keys(keys).consistentRead(true).build()));
                while (!request.isEmpty()) {
                    Map<String, KeysAndAttributes> ask = request;
                    var got = dynamo.batchGetItem(b -> b.requestItems(ask));
                    wrong += got.responses().getOrDefault(table, List.of()).stream()
                            .filter(item -> !"1".equals(item.get("unread").n())).count();
                    request = got.unprocessedKeys();
                }
            }
            long notifications = 0;
            Map<String, AttributeValue> from = null;
            do {
                Map<String, AttributeValue> start2 = from;
                var page = dynamo.scan(s -> s.tableName(table).filterExpression("begins_with(pk, :p) AND "
                        + "begins_with(sk, :n)").expressionAttributeValues(Map.of(":p", AttributeValue.fromS("P#"
                        + project + "#N#bench-follower-"), ":n", AttributeValue.fromS("N#"))).select("COUNT")
                        .exclusiveStartKey(start2));
                notifications += page.count();
                from = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey()
                        : null;
            } while (from != null);

            report.append(String.format(Locale.ROOT, """
                    | followers | seed (batch writes) | image added → every follower notified | forced redelivery \
                    (2 messages + 1 stream record) | notifications | unread counts not 1 |
                    |---|---|---|---|---|---|
                    | %,d | %.1f s | %.1f s (%.0f notifications/s) | %.1f s | %,d | %d |

                    Load average (1, 5, 15 min; running/total) after the fan-out: `%s`; after the redelivery: `%s`.
                    """, FOLLOWERS, seedSeconds, fanOutSeconds, FOLLOWERS / fanOutSeconds, redeliverySeconds,
                    notifications, wrong, load1, load2));
            System.out.println("[bench] " + report.toString().replace("\n", "\n[bench] "));
            Files.writeString(LoupeRoot.path().resolve("local/it/target/bench-fanout.md"), report.toString());
            assertThat(notifications).isEqualTo(FOLLOWERS);
            assertThat(wrong).isZero();
        }
    }

    private static long unread(DynamoDbClient dynamo, String table, String project, String user) {
        var item = dynamo.getItem(g -> g.tableName(table).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("P#" + project + "#N#" + user), "sk", AttributeValue.fromS("UNREAD"))))
                .item();
        return item == null || !item.containsKey("unread") ? 0 : Long.parseLong(item.get("unread").n());
    }

    private static void waitForEmptyQueue(LoupeCloud cloud) {
        try (SqsClient sqs = cloud.backend().sqs()) {
            String url = cloud.provisioned().queueUrl("NotificationQueue");
            Eventually.until(WAIT, "NotificationQueue drained", () -> sqs.getQueueAttributes(g -> g.queueUrl(url)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes().values()
                    .stream().allMatch("0"::equals));
        }
    }
}
