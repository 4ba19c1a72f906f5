package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.Multipart;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.TokenIssuer;

/**
 * The task API as a test client calls it on a local cloud: a fresh project per test, start, upload, process (JSON),
 * view and download over HTTP, and small images made in memory. Only 127.0.0.1 is ever called.
 */
final class TaskCalls {
    static final ObjectMapper JSON = ProjectClient.JSON;

    record Client(Project project, String token) {
    }

    private final LoupeCloud cloud;

    TaskCalls(LoupeCloud cloud) {
        this.cloud = cloud;
    }

    Client newClient() {
        Project project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), "tasks", List.of());
        cloud.projects().create(project, Instant.now());
        return new Client(project, TokenIssuer.backendToken(project, Clock.systemUTC(), null, null, null));
    }

    String start(Client c, String tool) throws Exception {
        return json(send(c, "GET", "/v1/start/" + tool, null, null), 200).path("task").asText();
    }

    String upload(Client c, String task, String name, byte[] bytes) throws Exception {
        Multipart body = new Multipart().field("task", task).part("file", name, "application/octet-stream", bytes);
        return json(send(c, "POST", "/v1/upload", body.contentType(), body.bytes()), 200).path("server_filename")
                .asText();
    }

    /** POST /v1/process with a JSON body. */
    HttpResponse<String> process(Client c, Map<String, ?> body) throws Exception {
        return send(c, "POST", "/v1/process", "application/json", JSON.writeValueAsBytes(body));
    }

    JsonNode view(Client c, String task) throws Exception {
        return json(send(c, "GET", "/v1/task/" + task, null, null), 200);
    }

    /** Each file's status by server_filename, from a task's answer. */
    static Map<String, String> statuses(JsonNode task) {
        Map<String, String> statuses = new LinkedHashMap<>();
        task.path("files").forEach(f -> statuses.put(f.path("server_filename").asText(), f.path("status").asText()));
        return statuses;
    }

    /** The download: a 302 to a presigned GET (no Authorization header), followed. */
    HttpResponse<byte[]> download(Client c, String task) throws Exception {
        HttpResponse<String> redirect = send(c, "GET", "/v1/download/" + task, null, null);
        assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
        URI location = URI.create(redirect.headers().firstValue("location").orElseThrow());
        assertThat(location.getHost()).isIn("127.0.0.1", "localhost");
        HttpResponse<byte[]> file = HttpClients.sendForBytes(HttpRequest.newBuilder(location)
                .timeout(Duration.ofSeconds(30)).build());
        assertThat(file.statusCode()).isEqualTo(200);
        return file;
    }

    HttpResponse<String> send(Client c, String method, String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(60)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        request.header("Authorization", "Bearer " + c.token());
        if (contentType != null) request.header("Content-Type", contentType);
        return HttpClients.send(request.build());
    }

    static JsonNode json(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    static List<Integer> size(byte[] image) throws IOException {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image));
        assertThat(decoded).as("decodable").isNotNull();
        return List.of(decoded.getWidth(), decoded.getHeight());
    }

    static byte[] jpeg(int width, int height) throws IOException {
        return encode(width, height, "jpg", BufferedImage.TYPE_INT_RGB);
    }

    static byte[] png(int width, int height) throws IOException {
        return encode(width, height, "png", BufferedImage.TYPE_INT_ARGB);
    }

    private static byte[] encode(int width, int height, String format, int type) throws IOException {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }
}
