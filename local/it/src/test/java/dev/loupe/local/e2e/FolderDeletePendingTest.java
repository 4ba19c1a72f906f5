package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.library.LibraryKeys;
import dev.loupe.local.testing.Eventually;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import dev.loupe.local.testing.TestFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A presigned upload into a folder that is deleted before the file arrives: a pending upload does not block the
 * delete (it is not counted), and its late PUT is refused at ingest: the upload is failed with {@code folder_deleted},
 * and no nameless counter item is left where the folder was. A folder deleted with its images (the purge) takes its
 * failed and pending uploads with it.
 */
@LoupeCloudTest
class FolderDeletePendingTest {
    private static final ObjectMapper JSON = ProjectClient.JSON;
    private static ProjectClient cloud;

    @BeforeAll
    static void start(ProjectClient shared) {
        cloud = shared;
    }

    @Test
    void aPendingUploadIntoADeletedFolderFailsAtIngestAndLeavesNoCounterItem() throws Exception {
        String folderId = json(send("POST", "/v1/folders", "application/json",
                "{\"name\":\"leaving " + System.nanoTime() + "\"}"), 201).path("id").asText();
        byte[] png = TestFiles.image("png", 48, 32);
        JsonNode upload = json(send("POST", "/v1/uploads/url", "application/json", JSON.writeValueAsString(Map.of(
                "file_name", "late.png", "size", png.length, "md5", md5(png), "folder_id", folderId))), 201);
        HttpResponse<String> deleted = send("DELETE", "/v1/folders/" + folderId, null, null);
        assertThat(deleted.statusCode()).as("a pending upload does not block the delete: " + deleted.body())
                .isBetween(200, 204);
        assertThat(send("GET", "/v1/folders/" + folderId, null, null).statusCode()).isEqualTo(404);

        URI url = URI.create(upload.path("upload_url").asText());
        var put = HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofByteArray(png));
        upload.path("headers").properties().forEach(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
                put.header(h.getKey(), h.getValue().asText());
            }
        });
        assertThat(HttpClients.send(put.build()).statusCode()).isEqualTo(200);

        String imageId = upload.path("image_id").asText();
        JsonNode failed = Eventually.value(Duration.ofSeconds(20), "the ingest of " + imageId, () -> {
            JsonNode now = json(send("GET", "/v1/images/" + imageId, null, null), 200);
            return now.path("status").asText().equals("failed") ? now : null;
        });
        assertThat(failed.path("failure").asText()).startsWith("folder_deleted: The folder " + folderId);
        try (DynamoDbClient dynamo = cloud.backend().dynamoDb()) {
            var item = dynamo.getItem(b -> b.tableName(cloud.provisioned().tableName("ImagesTable")).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS(LibraryKeys.foldersPk(cloud.project().projectId())),
                            "sk", AttributeValue.fromS(LibraryKeys.folderSk(folderId)))));
            assertThat(item.item()).as("no nameless counter item where the folder was").isEmpty();
        }
        assertThat(send("GET", "/v1/folders/" + folderId, null, null).statusCode()).isEqualTo(404);
    }

    /**
     * {@code DELETE /v1/folders/{id}?delete_images=true} takes everything of the folder: its listed images, and its
     * failed and pending uploads too (their ids answer 404 after the purge); a pending upload's PUT that lands after
     * the purge leaves no image and no object.
     */
    @Test
    void aFolderPurgeDeletesItsFailedAndPendingUploadsAndALatePutLeavesNothing() throws Exception {
        String folderId = json(send("POST", "/v1/folders", "application/json",
                "{\"name\":\"purged " + System.nanoTime() + "\"}"), 201).path("id").asText();
        byte[] png = TestFiles.image("png", 48, 32);
        JsonNode ok = uploadUrl("ok.png", png, folderId);
        assertThat(put(ok, png)).isEqualTo(200);
        byte[] notAnImage = "this is not a picture".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        JsonNode bad = uploadUrl("bad.png", notAnImage, folderId);
        assertThat(put(bad, notAnImage)).isEqualTo(200);
        JsonNode pending = uploadUrl("late.png", png, folderId);
        String okId = ok.path("image_id").asText();
        String badId = bad.path("image_id").asText();
        String pendingId = pending.path("image_id").asText();
        awaitStatus(okId, "active");
        awaitStatus(badId, "failed");
        assertThat(json(send("GET", "/v1/images/" + pendingId, null, null), 200).path("status").asText())
                .isEqualTo("pending");

        HttpResponse<String> deleted = send("DELETE", "/v1/folders/" + folderId + "?delete_images=true", null, null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
        for (String imageId : java.util.List.of(okId, badId, pendingId)) {
            Eventually.value(Duration.ofSeconds(30), "the purge of " + imageId, () ->
                    send("GET", "/v1/images/" + imageId, null, null).statusCode() == 404 ? Boolean.TRUE : paused());
        }
        assertThat(send("GET", "/v1/folders/" + folderId, null, null).statusCode()).isEqualTo(404);

        // The pending upload's URL still works at S3: its PUT lands after the purge, and ingest removes it.
        assertThat(put(pending, png)).isEqualTo(200);
        String prefix = LibraryKeys.ORIGINALS_PREFIX + cloud.project().projectId() + "/" + pendingId + "/";
        try (var s3 = cloud.backend().s3()) {
            String bucket = cloud.provisioned().bucketName("ImageBucket");
            Eventually.value(Duration.ofSeconds(20), "the late upload's object removed", () ->
                    s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents().isEmpty() ? Boolean.TRUE : paused());
        }
        assertThat(send("GET", "/v1/images/" + pendingId, null, null).statusCode()).isEqualTo(404);
    }

    private static JsonNode uploadUrl(String fileName, byte[] bytes, String folderId) throws Exception {
        return json(send("POST", "/v1/uploads/url", "application/json", JSON.writeValueAsString(Map.of(
                "file_name", fileName, "size", bytes.length, "md5", md5(bytes), "folder_id", folderId))), 201);
    }

    private static int put(JsonNode upload, byte[] bytes) throws Exception {
        var put = HttpRequest.newBuilder(URI.create(upload.path("upload_url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        upload.path("headers").properties().forEach(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
                put.header(h.getKey(), h.getValue().asText());
            }
        });
        return HttpClients.send(put.build()).statusCode();
    }

    private static void awaitStatus(String imageId, String status) {
        Eventually.value(Duration.ofSeconds(20), imageId + " " + status, () ->
                json(send("GET", "/v1/images/" + imageId, null, null), 200).path("status").asText().equals(status)
                        ? Boolean.TRUE : paused());
    }

    /** Not yet: waits a little before the next look, so that polling the API stays far below its rate limit. */
    private static Boolean paused() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
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
        try {
            return HttpClients.send(cloud.baseUri(), method, path, cloud.token(), contentType, body, null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
