package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.library.LibraryKeys;
import dev.loupe.local.LocalCloud;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.testing.Eventually;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Presigned uploads that never arrive, on the local cloud with upload URLs that live 3 seconds: one whose PUT never
 * comes and one whose PUT S3 refuses (another file under the signed Content-MD5: BadDigest) are both `failed` with
 * the reason `upload_expired` once their expiry markers are removed (as DynamoDB's TTL removes them) and
 * UploadExpiryFunction has read the removals from the stream; the listing's totals and the folder's count never move.
 * An upload whose PUT came in time stays active when its marker goes.
 */
class UploadExpiryTest {
    private static final ObjectMapper JSON = ProjectClient.JSON;
    private static final long URL_SECONDS = 3;
    private static LoupeCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        // A cloud of its own, not the shared one (SharedLoupeCloud): upload URLs of 3 s instead of 15 minutes, so that
        // they expire while the test waits.
        cloud = LoupeCloud.start(LocalCloud.Options.forTests(LoupeRoot.path())
                .withEnvironment(Map.of("UPLOAD_URL_SECONDS", Long.toString(URL_SECONDS))));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) cloud.close();
    }

    @Test
    void aPendingUploadFailsWithItsReasonAfterItsUrlExpiresAndCountsDoNotMove() throws Exception {
        String folderId = json(send("POST", "/v1/folders", "application/json",
                "{\"name\":\"expiring " + System.nanoTime() + "\"}"), 201).path("id").asText();
        byte[] kept = TestFiles.image("png", 40, 30);
        JsonNode arrives = presign(folderId, "arrives.png", kept);
        assertThat(put(arrives, kept).statusCode()).isEqualTo(200);
        String arrivedId = arrives.path("image_id").asText();
        Eventually.until(Duration.ofSeconds(20), "the upload that arrived is ingested",
                () -> image(arrivedId).path("status").asText().equals("active"));
        long total = total();
        long inFolder = folderCount(folderId);
        assertThat(total).isEqualTo(1);
        assertThat(inFolder).isEqualTo(1);

        byte[] declared = TestFiles.image("png", 64, 64);
        JsonNode never = presign(folderId, "never sent.png", declared);
        JsonNode refused = presign(folderId, "refused.png", declared);
        byte[] other = java.util.Arrays.copyOf(TestFiles.image("png", 65, 64), declared.length);
        HttpResponse<String> badDigest = put(refused, other);
        assertThat(badDigest.statusCode()).as("S3 refuses bytes that are not the signed MD5's").isEqualTo(400);
        assertThat(badDigest.body()).contains("BadDigest");
        assertThat(Instant.parse(never.path("expires_at").asText()))
                .isBefore(Instant.now().plusSeconds(URL_SECONDS + 1));
        for (JsonNode upload : new JsonNode[]{never, refused}) {
            assertThat(image(upload.path("image_id").asText()).path("status").asText()).isEqualTo("pending");
        }

        // Each upload's expiry marker says when to fail it: its URL's expiry and as long again. DynamoDB's TTL removes
        // it then (on AWS within hours to a day or two; DynamoDB Local's TTL sweep did not remove items within minutes
        // on this machine), so the test removes the markers itself once their time has come, exactly as TTL would:
        // the stream's REMOVE record reaches UploadExpiryFunction, which fails the upload if it is still pending.
        String table = cloud.provisioned().tableName("ImagesTable");
        String projectId = cloud.project().projectId();
        try (DynamoDbClient dynamo = cloud.backend().dynamoDb()) {
            for (JsonNode upload : new JsonNode[]{never, refused, arrives}) {
                Map<String, AttributeValue> key = Map.of(
                        "pk", AttributeValue.fromS(LibraryKeys.imagePk(projectId, upload.path("image_id").asText())),
                        "sk", AttributeValue.fromS(LibraryKeys.UPLOAD_EXPIRY_SK));
                Map<String, AttributeValue> marker = dynamo.getItem(b -> b.tableName(table).key(key)
                        .consistentRead(true)).item();
                long failAfter = Instant.parse(upload.path("expires_at").asText()).getEpochSecond() + URL_SECONDS;
                assertThat(marker.get("expires_at").n()).isEqualTo(Long.toString(failAfter));
                while (Instant.now().getEpochSecond() <= failAfter) {
                    Thread.sleep(200);
                }
                dynamo.deleteItem(b -> b.tableName(table).key(key));
            }
        }

        long started = System.nanoTime();
        for (JsonNode upload : new JsonNode[]{never, refused}) {
            String imageId = upload.path("image_id").asText();
            JsonNode failed = Eventually.value(Duration.ofSeconds(60), "the expired upload " + imageId + " fails",
                    () -> {
                        JsonNode now = image(imageId);
                        return now.path("status").asText().equals("failed") ? now : null;
                    });
            assertThat(failed.path("failure").asText()).startsWith("upload_expired: The upload URL expired");
            assertThat(failed.has("url")).isFalse();
        }
        System.out.printf("[test] expired uploads failed %d ms after their markers were removed%n",
                (System.nanoTime() - started) / 1_000_000);
        assertThat(total()).as("the listing's total").isEqualTo(total);
        assertThat(folderCount(folderId)).as("the folder's count").isEqualTo(inFolder);
        List<String> listed = new ArrayList<>();
        json(send("GET", "/v1/images", null, null), 200).path("images").forEach(i -> listed.add(i.path("id").asText()));
        assertThat(listed).containsExactly(arrivedId);
        assertThat(image(arrivedId).path("status").asText()).as("the upload that arrived is untouched")
                .isEqualTo("active");
    }

    private static JsonNode presign(String folderId, String fileName, byte[] bytes) throws Exception {
        return json(send("POST", "/v1/uploads/url", "application/json", JSON.writeValueAsString(Map.of(
                "file_name", fileName, "size", bytes.length, "md5", md5(bytes), "folder_id", folderId))), 201);
    }

    private static HttpResponse<String> put(JsonNode upload, byte[] bytes) throws Exception {
        URI url = URI.create(upload.path("upload_url").asText());
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        var request = HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        upload.path("headers").properties().forEach(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) { // the client sets it from the body
                request.header(h.getKey(), h.getValue().asText());
            }
        });
        return HttpClients.send(request.build());
    }

    private static JsonNode image(String imageId) {
        return json(send("GET", "/v1/images/" + imageId, null, null), 200);
    }

    private static long total() {
        return json(send("GET", "/v1/images", null, null), 200).path("total").asLong();
    }

    private static long folderCount(String folderId) {
        return json(send("GET", "/v1/folders/" + folderId, null, null), 200).path("image_count").asLong();
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    private static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.baseUri().resolve(path))
                .header("Authorization", "Bearer " + cloud.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) request.header("Content-Type", contentType);
        try {
            return HttpClients.send(request.build());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
