package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.LocalCloud;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.testing.Eventually;
import dev.loupe.local.testing.Multipart;
import dev.loupe.task.TaskKeys;
import dev.loupe.task.TaskObjects;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A task's whole lifetime on the local cloud with a lifetime of 5 seconds: reads say TaskNotFound as soon as it has
 * expired; later DynamoDB Local's TTL removes the item, the stream's REMOVE record reaches TaskCleanupFunction, and
 * the task's objects, file items and open-task entry go.
 */
class TaskExpiryTest {
    private static final ObjectMapper JSON = ProjectClient.JSON;
    private static LoupeCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        // A cloud of its own, not the shared one (SharedLoupeCloud): a task lifetime of 5 s, so that tasks expire while
        // the test waits.
        cloud = LoupeCloud.start(LocalCloud.Options.forTests(LoupeRoot.path())
                .withEnvironment(Map.of("TASK_LIFETIME_SECONDS", "5")));
        // Cold starts of the functions take longer than the lifetime: a first round warms them.
        String warm = JSON.readTree(send("GET", "/v1/start/resizeimage", null).body()).path("task").asText();
        send("POST", "/v1/upload", new Multipart().field("task", warm).part("file", "w.jpg", "image/jpeg",
                new byte[16]));
        send("GET", "/v1/task/" + warm, null);
        send("GET", "/v1/info", null);
    }

    @AfterAll
    static void stop() {
        if (cloud != null) cloud.close();
    }

    @Test
    void anExpiredTaskIsNotFoundAtOnceAndItsFilesAreCleanedUpAfterTheTtlDeletion() throws Exception {
        String task = JSON.readTree(send("GET", "/v1/start/resizeimage", null).body()).path("task").asText();
        Multipart upload = new Multipart().field("task", task).part("file", "a.jpg", "image/jpeg", new byte[2048]);
        var uploaded = send("POST", "/v1/upload", upload);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        assertThat(status("/v1/task/" + task)).isEqualTo(200);
        String projectId = cloud.project().projectId();
        String table = cloud.provisioned().tableName("TasksTable");
        String prefix = TaskKeys.objectPrefix(projectId, task);
        try (S3Client s3 = cloud.backend().s3(); DynamoDbClient dynamo = cloud.backend().dynamoDb()) {
            TaskObjects objects = new TaskObjects(s3, cloud.provisioned().bucketName("TaskBucket"));
            assertThat(objects.keysUnder(prefix)).hasSize(1);
            assertThat(info().path("open_tasks").asInt()).isGreaterThanOrEqualTo(1);

            long started = System.nanoTime();
            Eventually.until(Duration.ofSeconds(10), "the task reads as not found",
                    () -> status("/v1/task/" + task) == 404);
            assertThat(items(dynamo, table, projectId, task)).as("the item is still there, only expired").isPositive();

            Eventually.until(Duration.ofSeconds(120), "TTL removes the task and the clean-up its objects",
                    () -> objects.keysUnder(prefix).isEmpty() && items(dynamo, table, projectId, task) == 0);
            System.out.printf("[test] task %s cleaned up %d ms after it expired%n", task,
                    (System.nanoTime() - started) / 1_000_000);
            Eventually.until(Duration.ofSeconds(10), "the task no longer counts as open",
                    () -> info().path("open_tasks").asInt() == 0);
        }
    }

    private static int items(DynamoDbClient dynamo, String table, String projectId, String task) {
        return dynamo.query(b -> b.tableName(table).keyConditionExpression("pk = :pk").consistentRead(true)
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(TaskKeys.taskPk(projectId, task)))))
                .count();
    }

    private static JsonNode info() {
        try {
            return JSON.readTree(send("GET", "/v1/info", null).body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static int status(String path) {
        try {
            return send("GET", path, null).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> send(String method, String path, Multipart body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.baseUri().resolve(path))
                .header("Authorization", "Bearer " + cloud.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        if (body != null) request.header("Content-Type", body.contentType());
        return HttpClients.send(request.build());
    }
}
