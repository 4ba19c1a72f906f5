package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.testing.Eventually;
import dev.loupe.local.testing.Multipart;
import dev.loupe.local.testing.SampleLibrary;
import dev.loupe.local.testing.TestFiles;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.library.ImageStore;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import dev.loupe.local.testing.HttpClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Galleries of files uploaded with the request, over HTTP through the local cloud: create and add (routes and the
 * gallery API's endpoint) take multipart {@code file} parts, store them as library images the way
 * {@code POST /v1/uploads} does and show them after the {@code image} ids; a refused file, or a gallery change that
 * fails after the files were stored, leaves no image and no gallery; a presigned upload is added once ingested.
 */
@LoupeCloudTest
class GalleryUploadTest {
    private static final ObjectMapper JSON = ProjectClient.JSON;
    private static ProjectClient cloud;
    private static String userToken;

    @BeforeAll
    static void start(ProjectClient shared) throws Exception {
        cloud = shared;
        userToken = TokenIssuer.backendToken(cloud.project(), Clock.systemUTC(), "up-user", "Uma", Role.EDITOR);
        SampleLibrary.seedImage(cloud, "up-seed", "seed.jpg", Optional.empty());
    }

    @Test
    void createWithTwoUploadedFilesShowsThemAfterTheIdsInJsonAndXml() throws Exception {
        byte[] jpeg = TestFiles.image("jpg", 320, 240);
        byte[] png = TestFiles.image("png", 200, 300);
        var created = post("/v1/galleries", userToken, null, new Multipart()
                .field("name", "trip").field("title", "A trip").field("image", "up-seed")
                .part("file", "harbour.jpg", "image/jpeg", jpeg)
                .part("file[]", "map.png", "image/png", png)
                .field("md5", md5(jpeg)));
        JsonNode gallery = ok(201, created);
        JsonNode files = gallery.at("/files/file");
        assertThat(gallery.at("/files/total").asInt()).isEqualTo(3);
        assertThat(names(gallery)).containsExactly("seed.jpg", "harbour.jpg", "map.png");
        assertThat(files.get(1).path("width").asInt()).isEqualTo(320);
        assertThat(files.get(1).path("height").asInt()).isEqualTo(240);
        assertThat(files.get(2).path("width").asInt()).isEqualTo(200);
        assertThat(files.get(2).path("height").asInt()).isEqualTo(300);
        assertThat(files.get(1).path("thumbnail").asBoolean()).isTrue();
        // The uploads are library images: original and thumbnail from S3 by presigned URL.
        assertThat(get(URI.create(files.get(1).path("image_url").asText()))).isEqualTo(jpeg);
        var thumbnail = ImageIO.read(new ByteArrayInputStream(get(URI.create(
                files.get(2).path("thumbnail_url").asText()))));
        assertThat(Math.max(thumbnail.getWidth(), thumbnail.getHeight())).isEqualTo(150);

        String uploadedId = files.get(1).path("bucket").asText();
        JsonNode details = ok(200, call("GET", "/v1/images/" + uploadedId, userToken, null));
        assertThat(details.path("status").asText()).isEqualTo("active");
        assertThat(details.path("md5").asText()).isEqualTo(md5(jpeg));
        assertThat(details.path("created_by").toString()).contains("up-user");
        assertThat(galleriesUsing(uploadedId)).containsExactly("trip");
        assertThat(galleriesUsing(files.get(2).path("bucket").asText())).containsExactly("trip");

        var xml = HttpClients.send(cloud.baseUri(), "GET", "/v1/galleries/trip", userToken, null, null,
                "application/xml");
        assertThat(xml.statusCode()).as(xml.body()).isEqualTo(200);
        List<Element> xmlFiles = elements(xml.body(), "file");
        assertThat(xmlFiles).hasSize(3);
        assertThat(text(xmlFiles.get(1), "name")).isEqualTo("harbour.jpg");
        assertThat(text(xmlFiles.get(1), "width")).isEqualTo("320");
        assertThat(text(xmlFiles.get(1), "height")).isEqualTo("240");
        assertThat(text(xmlFiles.get(2), "name")).isEqualTo("map.png");
        assertThat(text(xmlFiles.get(2), "width")).isEqualTo("200");
        assertThat(text(xmlFiles.get(2), "height")).isEqualTo("300");
        assertThat(get(URI.create(text(xmlFiles.get(2), "image_url")))).isEqualTo(png);
    }

    @Test
    void addWithAnUploadedFileAppendsItAfterTheIds() throws Exception {
        ok(201, call("POST", "/v1/galleries", userToken, "{\"name\":\"adds\"}"));
        byte[] gif = TestFiles.image("gif", 64, 48);
        JsonNode added = ok(200, post("/v1/galleries/adds/images", userToken, null, new Multipart()
                .field("image", "up-seed").field("md5", md5(gif)).part("file", "dot.gif", "image/gif", gif)));
        assertThat(names(added)).containsExactly("seed.jpg", "dot.gif");
        JsonNode file = added.at("/files/file/1");
        assertThat(file.path("width").asInt()).isEqualTo(64);
        assertThat(file.path("height").asInt()).isEqualTo(48);
        assertThat(get(URI.create(file.path("image_url").asText()))).isEqualTo(gif);
        assertThat(galleriesUsing(file.path("bucket").asText())).containsExactly("adds");
        assertThat(names(ok(200, call("GET", "/v1/galleries/adds", userToken, null))))
                .containsExactly("seed.jpg", "dot.gif");
    }

    @Test
    void theReferenceEndpointCreatesAndAddsWithFiles() throws Exception {
        byte[] jpeg = TestFiles.image("jpg", 150, 100);
        String token = "endpoint-owner-token-0123456789";
        var created = post("/gallery_api.php", cloud.token(), null, new Multipart()
                .field("action", "create").field("name", "ep").field("token", token)
                .part("file", "street.jpg", "image/jpeg", jpeg));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains("<token>" + token + "</token>").contains("<files total=\"1\">");
        List<Element> files = elements(created.body(), "file");
        assertThat(text(files.getFirst(), "name")).isEqualTo("street.jpg");
        assertThat(text(files.getFirst(), "width")).isEqualTo("150");
        assertThat(text(files.getFirst(), "height")).isEqualTo("100");
        assertThat(get(URI.create(text(files.getFirst(), "image_url")))).isEqualTo(jpeg);

        byte[] png = TestFiles.image("png", 30, 40);
        var added = post("/gallery_api.php", cloud.token(), null, new Multipart()
                .field("action", "add").field("g", "ep").field("token", token)
                .part("file", "sign.png", "image/png", png));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(added.body()).contains("<files total=\"2\">");
        assertThat(text(elements(added.body(), "file").get(1), "name")).isEqualTo("sign.png");
    }

    @Test
    void aRefusedFileOrAFailedChangeLeavesNoImageAndNoGallery() throws Exception {
        String token = "refusal-owner-token-0123456789";
        ok(201, call("POST", "/v1/galleries", cloud.token(), "{\"name\":\"kept\",\"token\":\"" + token + "\"}"));
        String rita = TokenIssuer.backendToken(cloud.project(), Clock.systemUTC(), "rita", "Rita", Role.EDITOR);
        Map<String, Long> countersBefore = counters();
        List<String> originalsBefore = objectsUnder("originals/");
        List<String> thumbnailsBefore = objectsUnder("thumbnails/");
        byte[] good = TestFiles.image("jpg", 200, 150);

        // A damaged second file: the first, though fine, is not stored either.
        assertRefused(post("/v1/galleries", rita, null, new Multipart().field("name", "cut")
                .part("file", "good.jpg", "image/jpeg", good)
                .part("file", "cut.jpg", "image/jpeg", TestFiles.truncated(good, 0.4))), 400, "damaged_file");
        // The second file's declared MD5 is not its own.
        assertRefused(post("/v1/galleries", rita, null, new Multipart().field("name", "md5")
                .part("file", "good.jpg", "image/jpeg", good).part("file", "other.jpg", "image/jpeg", good)
                .field("md5", md5(good)).field("md5", "0".repeat(32))), 400, "md5_mismatch");
        // A pixel bomb, through the endpoint's create: the gallery API's XML error.
        var bomb = post("/gallery_api.php", rita, null, new Multipart().field("action", "create")
                .field("name", "bomb").part("file", "bomb.png", "image/png", TestFiles.pngBomb(60_000, 60_000)));
        assertThat(bomb.statusCode()).as(bomb.body()).isEqualTo(400);
        assertThat(bomb.body()).contains("<error code=\"too_many_pixels\">");
        // Files that passed every check, for a change the gallery refuses: stored, then withdrawn.
        var notOwner = post("/v1/galleries/kept/images?token=someone-elses-token-0000", cloud.token(), null,
                new Multipart().part("file", "good.jpg", "image/jpeg", good)
                        .part("file", "again.jpg", "image/jpeg", good));
        assertThat(notOwner.statusCode()).as(notOwner.body()).isEqualTo(403);
        assertThat(JSON.readTree(notOwner.body()).at("/errors/0/code").asText()).isEqualTo("not_owner_add_image");
        var badTitle = post("/v1/galleries", rita, null, new Multipart().field("name", "titled")
                .field("title", "x".repeat(300)).part("file", "good.jpg", "image/jpeg", good));
        assertRefused(badTitle, 400, "bad_parameter_title");

        assertThat(counters()).isEqualTo(countersBefore);
        assertThat(objectsUnder("originals/")).isEqualTo(originalsBefore);
        // The withdrawn files' originals raised S3 events whose ingest may still be making renditions: it removes
        // them when it finds the image failed, so the thumbnails are back to what they were once it has run.
        Eventually.until(Duration.ofSeconds(30), "the withdrawn files' renditions removed",
                () -> objectsUnder("thumbnails/").equals(thumbnailsBefore));
        for (String name : List.of("cut", "md5", "bomb", "titled")) {
            assertThat(call("GET", "/v1/galleries/" + name, rita, null).statusCode()).as(name).isEqualTo(404);
        }
        assertRefused(call("GET", "/v1/galleries", rita, null), 404, "no_gallery");
        assertThat(ok(200, call("GET", "/v1/galleries/kept?token=" + token, cloud.token(), null))
                .at("/files/total").asInt()).isZero();
    }

    @Test
    void aPresignedUploadIsAddedOnceIngestedAndIs409WhilePending() throws Exception {
        ok(201, call("POST", "/v1/galleries", userToken, "{\"name\":\"large\"}"));
        byte[] png = TestFiles.image("png", 500, 400);
        JsonNode upload = ok(201, call("POST", "/v1/uploads/url", userToken, JSON.writeValueAsString(Map.of(
                "file_name", "panorama.png", "size", png.length, "md5", md5(png)))));
        String imageId = upload.path("image_id").asText();

        var pending = call("POST", "/v1/galleries/large/images", userToken, "{\"image\":\"" + imageId + "\"}");
        assertThat(pending.statusCode()).as(pending.body()).isEqualTo(409);
        JsonNode error = JSON.readTree(pending.body()).at("/errors/0");
        assertThat(error.path("code").asText()).isEqualTo("image_pending");
        assertThat(error.path("message").asText()).contains(imageId).contains("ingested");
        var pendingXml = HttpClients.send(cloud.baseUri(), "POST", "/gallery_api.php", userToken,
                "application/x-www-form-urlencoded", "action=add&g=large&image=" + imageId, null);
        assertThat(pendingXml.statusCode()).isEqualTo(409);
        assertThat(pendingXml.body()).contains("<error code=\"image_pending\">");

        assertThat(put(upload, png).statusCode()).isEqualTo(200);
        Eventually.until(Duration.ofSeconds(20), "the ingest of " + imageId, () -> ok(200,
                call("GET", "/v1/images/" + imageId, userToken, null)).path("status").asText().equals("active"));
        JsonNode added = ok(200, call("POST", "/v1/galleries/large/images", userToken,
                "{\"image\":\"" + imageId + "\"}"));
        assertThat(added.at("/files/file/0/width").asInt()).isEqualTo(500);
        assertThat(added.at("/files/file/0/height").asInt()).isEqualTo(400);
        assertThat(galleriesUsing(imageId)).containsExactly("large");
    }

    // ---------------------------------------------------------------- helpers

    private static HttpResponse<String> post(String path, String token, String accept, Multipart body)
            throws Exception {
        var request = HttpRequest.newBuilder(cloud.baseUri().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        if (accept != null) request.header("Accept", accept);
        return HttpClients.send(request.build());
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) {
        try {
            return HttpClients.send(cloud.baseUri(), method, path, token, body == null ? null : "application/json",
                    body, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode ok(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).at("/errors/0/code").asText()).isEqualTo(code);
    }

    private static List<String> names(JsonNode gallery) {
        List<String> names = new ArrayList<>();
        gallery.at("/files/file").forEach(f -> names.add(f.path("name").asText()));
        return names;
    }

    private static List<String> galleriesUsing(String imageId) {
        JsonNode image = ok(200, call("GET", "/v1/images/" + imageId, userToken, null));
        List<String> refs = new ArrayList<>();
        image.path("usages").forEach(u -> {
            if (u.path("feature").asText().equals("gallery")) {
                refs.add(u.path("ref").asText());
            }
        });
        return refs;
    }

    private static List<Element> elements(String xml, String tag) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        NodeList nodes = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)))
                .getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        assertThat(nodes.getLength()).as("<%s> in <%s>", tag, parent.getTagName()).isGreaterThan(0);
        return nodes.item(0).getTextContent();
    }

    private static HttpResponse<String> put(JsonNode upload, byte[] bytes) throws Exception {
        URI url = URI.create(upload.path("upload_url").asText());
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        var request = HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        upload.path("headers").properties().forEach(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
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

    private static Map<String, Long> counters() {
        try (DynamoDbClient dynamo = cloud.backend().dynamoDb()) {
            return new ImageStore(dynamo, cloud.provisioned().tableName("ImagesTable"))
                    .counters(cloud.project().projectId());
        }
    }

    private static List<String> objectsUnder(String prefix) {
        try (S3Client s3 = cloud.backend().s3()) {
            return s3.listObjectsV2Paginator(l -> l.bucket(cloud.provisioned().bucketName("ImageBucket"))
                    .prefix(prefix)).contents().stream().map(o -> o.key()).sorted().toList();
        }
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}
