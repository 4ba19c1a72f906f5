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
 * and no nameless counter item is left where the folder was.
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
