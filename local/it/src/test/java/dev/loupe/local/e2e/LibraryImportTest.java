package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.local.testing.Multipart;
import dev.loupe.local.testing.TestFiles;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.library.ImageStore;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import dev.loupe.local.testing.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Imports through the local cloud over HTTP, with the production fetcher (public addresses only). The only server a
 * URL here names runs on this machine and counts its requests: a refused URL must leave it at zero, which proves
 * the refusal came before any connection. No test names a host that would need DNS.
 */
@LoupeCloudTest
class LibraryImportTest {
    private static final ObjectMapper JSON = ProjectClient.JSON;
    private static ProjectClient cloud;

    private HttpServer bait;
    private final AtomicInteger baitHits = new AtomicInteger();

    @BeforeAll
    static void start(ProjectClient shared) throws Exception {
        cloud = shared;
    }

    /** A server on loopback that would serve an image to anyone who got through: nobody may. */
    @BeforeEach
    void startBait() throws IOException {
        byte[] jpeg = TestFiles.image("jpg", 20, 20);
        bait = HttpServer.create(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0), 0);
        bait.createContext("/", exchange -> {
            baitHits.incrementAndGet();
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
                exchange.sendResponseHeaders(200, jpeg.length);
                exchange.getResponseBody().write(jpeg);
            }
        });
        bait.start();
    }

    @AfterEach
    void stopBait() {
        bait.stop(0);
    }

    @Test
    void urlsInsideTheNetworkAreRefusedWithoutAConnection() throws Exception {
        int port = bait.getAddress().getPort();
        Map<String, Long> counters = counters();
        List<String> originals = objectsUnder("originals/");

        for (String url : List.of("http://127.0.0.1:" + port + "/a.jpg", "http://[::1]:" + port + "/a.jpg",
                "http://0.0.0.0:" + port + "/a.jpg", "http://[::ffff:127.0.0.1]:" + port + "/a.jpg",
                "http://169.254.169.254/latest/meta-data/")) {
            var response = importUrl(cloud.token(), Map.of("url", url));
            assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(400);
            assertThat(code(response)).as(url).isEqualTo("forbidden_address");
            assertThat(json(response).path("error").path("param").asText()).isEqualTo("url");
        }
        var file = importUrl(cloud.token(), Map.of("url", "file:///etc/passwd"));
        assertThat(code(file)).isEqualTo("bad_url");

        assertThat(baitHits).hasValue(0);
        assertThat(counters()).isEqualTo(counters);
        assertThat(objectsUnder("originals/")).isEqualTo(originals);
    }

    @Test
    void readersAreRefusedBeforeAnythingIsFetched() throws Exception {
        String url = "http://127.0.0.1:" + bait.getAddress().getPort() + "/a.jpg";
        String viewer = TokenIssuer.backendToken(cloud.project(), Clock.systemUTC(), "user-7", "Vera", Role.VIEWER);
        String browser = TokenIssuer.browserToken(cloud.project(), Clock.systemUTC());
        byte[] zip = TestFiles.zip(Map.of("a.jpg", TestFiles.image("jpg", 20, 20)));

        for (String token : List.of(viewer, browser)) {
            // 403, not forbidden_address: who may import is decided before the URL is even looked at.
            var byUrl = importUrl(token, Map.of("url", url));
            assertThat(byUrl.statusCode()).as(byUrl.body()).isEqualTo(403);
            assertThat(code(byUrl)).isEqualTo("forbidden");
            var byZip = importZip(token, new Multipart().part("file", "a.zip", "application/zip", zip));
            assertThat(byZip.statusCode()).as(byZip.body()).isEqualTo(403);
        }
        assertThat(baitHits).hasValue(0);
    }

    @Test
    void aZipOfThreeImagesBecomesThreeActiveImages() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("trip/day 1.jpg", TestFiles.image("jpg", 300, 200));
        files.put("trip/map.png", TestFiles.image("png", 120, 90));
        files.put("trip/wave.gif", TestFiles.image("gif", 64, 48));
        Map<String, Long> before = counters();

        var response = importZip(cloud.token(), new Multipart()
                .part("file", "trip.zip", "application/zip", TestFiles.zip(files)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode answer = json(response);
        assertThat(answer.path("skipped")).isEmpty();
        assertThat(answer.path("imported")).hasSize(3);
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode image : answer.path("imported")) {
            names.add(image.path("file_name").asText());
            assertThat(image.path("status").asText()).isEqualTo("active");
            assertThat(image.path("thumbnails")).hasSize(2);
            var details = HttpClients.send(cloud.baseUri(), "GET", "/v1/images/" + image.path("id").asText(),
                    cloud.token(), null, null, null);
            assertThat(json(details).path("status").asText()).isEqualTo("active");
        }
        assertThat(names).containsExactly("day 1.jpg", "map.png", "wave.gif");
        Map<String, Long> after = counters();
        assertThat(after.getOrDefault("n_active_jpg", 0L)).isEqualTo(before.getOrDefault("n_active_jpg", 0L) + 1);
        assertThat(after.getOrDefault("n_active_png", 0L)).isEqualTo(before.getOrDefault("n_active_png", 0L) + 1);
        assertThat(after.getOrDefault("n_active_gif", 0L)).isEqualTo(before.getOrDefault("n_active_gif", 0L) + 1);
    }

    @Test
    void refusedZipsStoreNothing() throws Exception {
        byte[] jpeg = TestFiles.image("jpg", 60, 40);
        Map<String, Long> counters = counters();
        List<String> originals = objectsUnder("originals/");

        assertRefused(new Multipart().field("folder_id", "no-such-folder")
                .part("file", "a.zip", "application/zip", TestFiles.zip(Map.of("a.jpg", jpeg))),
                404, "folder_not_found");
        for (String evil : List.of("../evil.jpg", "/etc/evil.jpg", "a/../../evil.jpg", "C:/evil.jpg")) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("fine.jpg", jpeg);
            files.put(evil, jpeg);
            assertRefused(new Multipart().part("file", "slip.zip", "application/zip", TestFiles.zip(files)),
                    400, "unsafe_zip_entry");
        }
        assertRefused(new Multipart().part("file", "bomb.zip", "application/zip",
                TestFiles.zipBomb("zeros.jpg", 12)), 400, "zip_bomb");
        assertRefused(new Multipart().part("file", "photo.jpg", "image/jpeg", jpeg), 400, "not_a_zip");
        assertRefused(new Multipart().part("file", "cut.zip", "application/zip",
                TestFiles.truncated(TestFiles.zip(Map.of("a.jpg", jpeg)), 0.6)), 400, "damaged_zip");

        assertThat(counters()).isEqualTo(counters);
        assertThat(objectsUnder("originals/")).isEqualTo(originals);
    }

    @Test
    void aNonImageRefusesTheZipUnlessInvalidOnesAreSkipped() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.jpg", TestFiles.image("jpg", 50, 50));
        files.put("notes.txt", "just text".getBytes(StandardCharsets.UTF_8));
        files.put("b.png", TestFiles.image("png", 30, 30));
        byte[] zip = TestFiles.zip(files);
        Map<String, Long> counters = counters();
        List<String> originals = objectsUnder("originals/");

        var refused = importZip(cloud.token(), new Multipart().field("skip_invalid", "false")
                .part("file", "mixed.zip", "application/zip", zip));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(code(refused)).isEqualTo("zip_entry_refused");
        assertThat(json(refused).path("error").path("message").asText()).contains("notes.txt (unsupported_type");
        assertThat(counters()).isEqualTo(counters);
        assertThat(objectsUnder("originals/")).isEqualTo(originals);

        var skipped = importZip(cloud.token(), new Multipart().field("skip_invalid", "true")
                .part("file", "mixed.zip", "application/zip", zip));
        assertThat(skipped.statusCode()).as(skipped.body()).isEqualTo(201);
        JsonNode answer = json(skipped);
        assertThat(answer.path("imported")).hasSize(2);
        assertThat(answer.path("imported").path(0).path("file_name").asText()).isEqualTo("a.jpg");
        assertThat(answer.path("imported").path(1).path("file_name").asText()).isEqualTo("b.png");
        assertThat(answer.path("skipped")).hasSize(1);
        assertThat(answer.path("skipped").path(0).path("name").asText()).isEqualTo("notes.txt");
        assertThat(answer.path("skipped").path(0).path("code").asText()).isEqualTo("unsupported_type");
        assertThat(answer.path("skipped").path(0).path("message").asText()).isNotBlank();
    }

    @Test
    void aRequestWithoutUrlOrZipSaysWhatToSend() throws Exception {
        var missing = importUrl(cloud.token(), Map.of("description", "no url"));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(code(missing)).isEqualTo("missing_url");
        var badFlag = importUrl(cloud.token(), Map.of("url", "http://169.254.169.254/", "skip_invalid", "maybe"));
        assertThat(code(badFlag)).isEqualTo("bad_parameter");
    }

    // ---------------------------------------------------------------- helpers

    private void assertRefused(Multipart body, int status, String code) throws Exception {
        var response = importZip(cloud.token(), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(code(response)).as(response.body()).isEqualTo(code);
    }

    private static HttpResponse<String> importUrl(String token, Map<String, String> body) throws Exception {
        return HttpClients.send(cloud.baseUri(), "POST", "/v1/imports", token, "application/json",
                JSON.writeValueAsString(body), null);
    }

    private static HttpResponse<String> importZip(String token, Multipart body) throws Exception {
        URI uri = cloud.baseUri().resolve("/v1/imports");
        assertThat(uri.getHost()).isEqualTo("127.0.0.1");
        return HttpClients.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token).header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static String code(HttpResponse<String> response) throws IOException {
        return json(response).path("error").path("code").asText();
    }

    private static Map<String, Long> counters() {
        try (DynamoDbClient dynamo = cloud.backend().dynamoDb()) {
            return new ImageStore(dynamo, cloud.provisioned().tableName("ImagesTable"))
                    .counters(cloud.project().projectId());
        }
    }

    private static List<String> objectsUnder(String prefix) {
        String bucket = cloud.provisioned().bucketName("ImageBucket");
        try (S3Client s3 = cloud.backend().s3()) {
            return s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(o -> o.key()).sorted().toList();
        }
    }
}
