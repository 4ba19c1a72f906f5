package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.Multipart;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An EXIF orientation 6 JPEG stored 1600 x 1200 (images/orientation-6.jpg: made with ImageMagick, its EXIF segment
 * written by hand) is 1200 x 1600 on every view, as people see it and as its thumbnails are: the library's image
 * details, the Atom image entry, the gallery API's file and the gallery page's {@code <img>} width and height.
 */
@LoupeCloudTest
class UprightSizeTest {
    private static final ObjectMapper JSON = ProjectClient.JSON;
    private static ProjectClient cloud;

    @BeforeAll
    static void start(ProjectClient shared) {
        cloud = shared;
    }

    @Test
    void aQuarterTurnedJpegIsUprightOnEveryView() throws Exception {
        byte[] jpeg;
        try (InputStream in = UprightSizeTest.class.getResourceAsStream("/images/orientation-6.jpg")) {
            jpeg = in.readAllBytes();
        }
        String folderId = json(send("POST", "/v1/folders", "application/json",
                ("{\"name\":\"upright " + System.nanoTime() + "\"}").getBytes()), 201).path("id").asText();
        Multipart upload = new Multipart().field("folder_id", folderId)
                .part("file", "turned.jpg", "image/jpeg", jpeg);
        JsonNode image = json(send("POST", "/v1/uploads", upload.contentType(), upload.bytes()), 201);
        String imageId = image.path("id").asText();

        JsonNode details = json(send("GET", "/v1/images/" + imageId, null, null), 200);
        assertThat(details.path("width").asInt()).as("/v1/images/{id} width").isEqualTo(1200);
        assertThat(details.path("height").asInt()).as("/v1/images/{id} height").isEqualTo(1600);

        HttpResponse<String> atom = send("GET", "/ws/customers/" + cloud.project().projectId()
                + "/library/folders/" + folderId + "/images/" + imageId, null, null);
        assertThat(atom.statusCode()).as(atom.body()).isEqualTo(200);
        assertThat(element(atom.body(), "Width")).as("the Atom entry's Width").isEqualTo("1200");
        assertThat(element(atom.body(), "Height")).as("the Atom entry's Height").isEqualTo("1600");

        String name = "upright-" + System.nanoTime();
        Multipart gallery = new Multipart().field("name", name).field("title", "Upright").field("image", imageId);
        JsonNode created = json(send("POST", "/v1/galleries", gallery.contentType(), gallery.bytes()), 201);
        JsonNode file = created.at("/files/file").get(0);
        assertThat(file.path("width").asInt()).as("the gallery file's width").isEqualTo(1200);
        assertThat(file.path("height").asInt()).as("the gallery file's height").isEqualTo(1600);

        HttpResponse<String> page = HttpClients.send(HttpRequest.newBuilder(cloud.baseUri()
                .resolve("/p/" + cloud.project().projectId() + "/g/" + name)).GET().build());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        Matcher img = Pattern.compile("<img [^>]*width=\"(\\d+)\" height=\"(\\d+)\"").matcher(page.body());
        assertThat(img.find()).as("an <img> with width and height in " + page.body()).isTrue();
        assertThat(img.group(1) + "x" + img.group(2)).as("the page's <img>").isEqualTo("1200x1600");
    }

    private static String element(String xml, String name) {
        Matcher m = Pattern.compile("<(?:\\w+:)?" + name + "[^>]*>([^<]*)</").matcher(xml);
        assertThat(m.find()).as(name + " in " + xml).isTrue();
        return m.group(1);
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String method, String path, String contentType, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.baseUri().resolve(path))
                .header("Authorization", "Bearer " + cloud.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) request.header("Content-Type", contentType);
        return HttpClients.send(request.build());
    }
}
