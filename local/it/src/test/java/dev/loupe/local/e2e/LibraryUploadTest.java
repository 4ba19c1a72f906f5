package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.testing.Eventually;
import dev.loupe.local.testing.Multipart;
import dev.loupe.local.testing.TestFiles;
import dev.loupe.library.ImageStore;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import dev.loupe.local.testing.HttpClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads both ways through the local cloud, over HTTP: through the API (multipart, ingested in the request) and by
 * presigned PUT to S3 (ingested when S3's event arrives). Every refusal shows its error and that nothing was stored.
 */
@LoupeCloudTest
class LibraryUploadTest {
    private static final ObjectMapper JSON = ProjectClient.JSON;
    private static ProjectClient cloud;

    @BeforeAll
    static void start(ProjectClient shared) throws Exception {
        cloud = shared;
    }

    @Test
    void aPhotoUploadedThroughTheApiIsActiveWithThumbnailsAndDetails() throws Exception {
        byte[] jpeg = TestFiles.image("jpg", 1200, 800);
        var response = upload(new Multipart()
                .part("metadata", null, "application/atom+xml", atomEntry("Holiday photo.jpg", md5(jpeg), "Beach"))
                .part("file", "Holiday photo.jpg", "image/jpeg", jpeg));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode image = JSON.readTree(response.body());
        assertThat(image.path("status").asText()).isEqualTo("active");
        assertThat(image.path("width").asInt()).isEqualTo(1200);
        assertThat(image.path("height").asInt()).isEqualTo(800);
        assertThat(image.path("file_size").asLong()).isEqualTo(jpeg.length);
        assertThat(image.path("md5").asText()).isEqualTo(md5(jpeg));
        assertThat(image.path("file_type").asText()).isEqualTo("JPG");
        assertThat(image.path("description").asText()).isEqualTo("Beach");

        // The original and both thumbnails come from S3 through presigned URLs, never through the API.
        assertThat(get(URI.create(image.path("url").asText()))).isEqualTo(jpeg);
        for (JsonNode thumbnail : image.path("thumbnails")) {
            var decoded = ImageIO.read(new ByteArrayInputStream(get(URI.create(thumbnail.path("url").asText()))));
            assertThat(Math.max(decoded.getWidth(), decoded.getHeight())).isEqualTo(thumbnail.path("size").asInt());
        }

        var details = call("GET", "/v1/images/" + image.path("id").asText(), null, null);
        assertThat(details.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(details.body()).path("file_name").asText()).isEqualTo("Holiday photo.jpg");
    }

    @Test
    void aLargeFileGoesStraightToS3AndIsIngestedWhenItArrives() throws Exception {
        byte[] png = TestFiles.image("png", 640, 480);
        String fileName = "big scan + notes.png"; // spaces and '+': EventBridge carries the key as stored
        var created = call("POST", "/v1/uploads/url", "application/json", JSON.writeValueAsString(Map.of(
                "file_name", fileName, "size", png.length, "md5", md5(png), "content_type", "image/png")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode upload = JSON.readTree(created.body());
        assertThat(upload.path("status").asText()).isEqualTo("pending");

        var put = put(upload, png);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        String imageId = upload.path("image_id").asText();
        JsonNode image = Eventually.value(Duration.ofSeconds(20), "the ingest of " + imageId, () -> {
            JsonNode now = json(call("GET", "/v1/images/" + imageId, null, null));
            return now.path("status").asText().equals("active") ? now : null;
        });
        assertThat(image.path("width").asInt()).isEqualTo(640);
        assertThat(image.path("file_name").asText()).isEqualTo(fileName);
        assertThat(get(URI.create(image.path("url").asText()))).isEqualTo(png);
    }

    @Test
    void s3RefusesBytesThatAreNotTheOnesDeclared() throws Exception {
        byte[] declared = TestFiles.image("png", 64, 64);
        byte[] other = TestFiles.image("png", 65, 64);
        var created = call("POST", "/v1/uploads/url", "application/json", JSON.writeValueAsString(Map.of(
                "file_name", "a.png", "size", declared.length, "md5", md5(declared))));
        JsonNode upload = JSON.readTree(created.body());
        var put = put(upload, java.util.Arrays.copyOf(other, declared.length));
        assertThat(put.statusCode()).as("S3 checks the signed Content-MD5").isEqualTo(400);
        assertThat(put.body()).contains("BadDigest");
    }

    @Test
    void aDamagedFileSentByPresignedPutLeavesAFailedUploadAndNoBytes() throws Exception {
        byte[] damaged = TestFiles.truncated(TestFiles.image("jpg", 800, 600), 0.5);
        var created = call("POST", "/v1/uploads/url", "application/json", JSON.writeValueAsString(Map.of(
                "file_name", "cut.jpg", "size", damaged.length, "md5", md5(damaged))));
        JsonNode upload = JSON.readTree(created.body());
        assertThat(put(upload, damaged).statusCode()).isEqualTo(200);

        String imageId = upload.path("image_id").asText();
        JsonNode image = Eventually.value(Duration.ofSeconds(20), "the ingest of " + imageId, () -> {
            JsonNode now = json(call("GET", "/v1/images/" + imageId, null, null));
            return now.path("status").asText().equals("failed") ? now : null;
        });
        assertThat(image.path("failure").asText()).startsWith("damaged_file");
        assertThat(image.has("url")).isFalse();
        Eventually.until(Duration.ofSeconds(10), "the damaged original is removed",
                () -> objectsUnder("originals/" + cloud.project().projectId() + "/" + imageId + "/").isEmpty());
        assertThat(objectsUnder("thumbnails/" + cloud.project().projectId() + "/" + imageId + "/")).isEmpty();
    }

    @Test
    void theSameS3EventDeliveredTwiceIngestsOnce() throws Exception {
        byte[] gif = TestFiles.image("gif", 40, 30);
        var created = call("POST", "/v1/uploads/url", "application/json", JSON.writeValueAsString(Map.of(
                "file_name", "twice.gif", "size", gif.length, "md5", md5(gif))));
        JsonNode upload = JSON.readTree(created.body());
        assertThat(put(upload, gif).statusCode()).isEqualTo(200);
        String imageId = upload.path("image_id").asText();
        Eventually.until(Duration.ofSeconds(20), "the ingest of " + imageId,
                () -> json(call("GET", "/v1/images/" + imageId, null, null)).path("status").asText()
                        .equals("active"));
        Map<String, Long> counters = counters();

        String key = "originals/" + cloud.project().projectId() + "/" + imageId + "/twice.gif";
        String event = """
                {"version":"0","id":"again","detail-type":"Object Created","source":"aws.s3",
                 "account":"000000000000","time":"2026-11-23T10:00:00Z","region":"us-east-1",
                 "resources":["arn:aws:s3:::%s"],
                 "detail":{"version":"0","bucket":{"name":"%s"},
                  "object":{"key":"%s","size":%d,"etag":"%s","sequencer":"0"},
                  "request-id":"AGAIN","requester":"000000000000","reason":"PutObject"}}"""
                .formatted(bucket(), bucket(), key, gif.length, md5(gif));
        String outcome = cloud.functions().invoke("ImageIngestFunction", event);
        assertThat(outcome).contains("ALREADY_INGESTED");
        assertThat(counters()).isEqualTo(counters);
    }

    @Test
    void refusalsAnswerTheirOwnCodeAndStoreNothing() throws Exception {
        byte[] jpeg = TestFiles.image("jpg", 300, 200);
        Map<String, Long> countersBefore = counters();
        List<String> objectsBefore = objectsUnder("originals/");

        assertRefused(new Multipart().part("metadata", null, "application/atom+xml",
                        atomEntry("p.jpg", "0".repeat(32), ""))
                .part("file", "p.jpg", "image/jpeg", jpeg), 400, "md5_mismatch");
        assertRefused(new Multipart().part("metadata", null, "application/json",
                        ("{\"file_name\":\"p.png\",\"md5\":\"" + md5(jpeg) + "\"}").getBytes(StandardCharsets.UTF_8))
                .part("file", "p.png", "image/jpeg", jpeg), 400, "extension_mismatch");
        assertRefused(new Multipart().field("md5", md5(jpeg))
                .part("file", "p.jpg", "image/png", jpeg), 400, "content_type_mismatch");
        assertRefused(new Multipart().part("file", "noextension", "image/jpeg", jpeg), 400, "missing_extension");
        byte[] pdf = "%PDF-1.4\n1 0 obj << >> endobj\n".getBytes(StandardCharsets.US_ASCII);
        assertRefused(new Multipart().part("file", "doc.jpg", "image/jpeg", pdf), 415, "unsupported_type");
        byte[] cut = TestFiles.truncated(jpeg, 0.4);
        assertRefused(new Multipart().part("file", "cut.jpg", "image/jpeg", cut), 400, "damaged_file");
        byte[] bomb = TestFiles.pngBomb(60_000, 60_000);
        assertRefused(new Multipart().part("file", "bomb.png", "image/png", bomb), 400, "too_many_pixels");
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE entry [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
                <atom:entry xmlns:atom="http://www.w3.org/2005/Atom"><atom:content><Image>
                <FileName>&secret;.jpg</FileName><MD5Hash>%s</MD5Hash></Image></atom:content></atom:entry>"""
                .formatted(md5(jpeg));
        assertRefused(new Multipart().part("metadata", null, "application/atom+xml",
                xxe.getBytes(StandardCharsets.UTF_8)).part("file", "x.jpg", "image/jpeg", jpeg), 400, "bad_metadata");
        assertRefused(new Multipart().field("folder_id", "no-such-folder")
                .part("file", "p.jpg", "image/jpeg", jpeg), 404, "folder_not_found");

        // Larger than a Lambda request may be: the gateway's 6 MB limit, answered before any function runs.
        byte[] huge = new byte[7 * 1024 * 1024];
        var tooLarge = HttpClients.send(HttpRequest.newBuilder(cloud.baseUri().resolve("/v1/uploads"))
                .header("Authorization", "Bearer " + cloud.token())
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build());
        assertThat(tooLarge.statusCode()).isEqualTo(413);

        assertThat(counters()).isEqualTo(countersBefore);
        assertThat(objectsUnder("originals/")).isEqualTo(objectsBefore);
    }

    @Test
    void presignedUploadsRefuseBadDeclarations() throws Exception {
        assertThat(error(call("POST", "/v1/uploads/url", "application/json",
                "{\"file_name\":\"a.jpg\",\"size\":10,\"md5\":\"nothex\"}"))).isEqualTo("bad_md5");
        assertThat(error(call("POST", "/v1/uploads/url", "application/json",
                "{\"file_name\":\"a.heic\",\"size\":10,\"md5\":\"" + "a".repeat(32) + "\"}")))
                .isEqualTo("unsupported_type");
        assertThat(error(call("POST", "/v1/uploads/url", "application/json",
                "{\"file_name\":\"a.jpg\",\"size\":999999999999,\"md5\":\"" + "a".repeat(32) + "\"}")))
                .isEqualTo("file_too_large");
        assertThat(error(call("POST", "/v1/uploads/url", "application/json",
                "{\"file_name\":\"a.jpg\",\"size\":10,\"md5\":\"" + "a".repeat(32)
                        + "\",\"content_type\":\"image/png\"}"))).isEqualTo("content_type_mismatch");
    }

    // ---------------------------------------------------------------- helpers

    private static void assertRefused(Multipart body, int status, String code) throws Exception {
        var response = upload(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo(code);
    }

    private static HttpResponse<String> upload(Multipart body) throws Exception {
        return HttpClients.send(HttpRequest.newBuilder(cloud.baseUri().resolve("/v1/uploads"))
                .header("Authorization", "Bearer " + cloud.token()).header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build());
    }

    private static HttpResponse<String> call(String method, String path, String contentType, String body) {
        try {
            return HttpClients.send(cloud.baseUri(), method, path, cloud.token(), contentType, body, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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

    private static byte[] get(URI url) throws Exception {
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        var response = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String error(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        return json(response).path("error").path("code").asText();
    }

    private static Map<String, Long> counters() {
        try (DynamoDbClient dynamo = cloud.backend().dynamoDb()) {
            return new ImageStore(dynamo, cloud.provisioned().tableName("ImagesTable"))
                    .counters(cloud.project().projectId());
        }
    }

    private static String bucket() {
        return cloud.provisioned().bucketName("ImageBucket");
    }

    private static List<String> objectsUnder(String prefix) {
        try (S3Client s3 = cloud.backend().s3()) {
            return s3.listObjectsV2Paginator(l -> l.bucket(bucket()).prefix(prefix)).contents().stream()
                    .map(o -> o.key()).sorted().toList();
        }
    }

    private static byte[] atomEntry(String fileName, String md5, String description) {
        return """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <atom:entry xmlns:atom="http://www.w3.org/2005/Atom">
                <atom:content>
                <Image>
                <FileName>%s</FileName>
                <MD5Hash>%s</MD5Hash>
                <Description>%s</Description>
                </Image>
                </atom:content>
                </atom:entry>""".formatted(fileName, md5, description).getBytes(StandardCharsets.UTF_8);
    }

    static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}
