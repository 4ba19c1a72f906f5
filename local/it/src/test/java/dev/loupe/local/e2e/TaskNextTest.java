package dev.loupe.local.e2e;

import static dev.loupe.local.e2e.TaskCalls.jpeg;
import static dev.loupe.local.e2e.TaskCalls.json;
import static dev.loupe.local.e2e.TaskCalls.png;
import static dev.loupe.local.e2e.TaskCalls.size;
import static dev.loupe.local.e2e.TaskCalls.unzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.LocalCloud;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.e2e.TaskCalls.Client;
import dev.loupe.local.testing.Multipart;
import dev.loupe.task.FileKey;
import dev.loupe.task.Task;
import dev.loupe.task.TaskKeys;
import dev.loupe.task.TaskObjects;
import dev.loupe.task.TaskListing;
import dev.loupe.task.TaskStore;
import dev.loupe.local.testing.HttpClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connected task ({@code POST /v1/task/next}) on the local cloud, over HTTP: a processed task's outputs become
 * the files of a new task for another tool, with no upload; the new task is processed and its download decoded.
 * And its refusals: another project's task, a task not (successfully) processed, an unknown tool, the limits, the
 * file encryption key.
 */
class TaskNextTest {
    private static final ObjectMapper JSON = TaskCalls.JSON;
    /**
     * Low limits, so that the test reaches them: open tasks a project may have (10% of its monthly file allowance),
     * bytes a file may have.
     */
    private static final int MAX_OPEN = 3;
    private static final long MAX_BYTES = 200_000;
    private static LoupeCloud cloud;
    private static TaskCalls calls;
    private static TaskStore store;
    private static TaskObjects objects;

    @BeforeAll
    static void start() throws Exception {
        // A cloud of its own, not the shared one (SharedLoupeCloud): limits small enough to reach (open tasks, file
        // size).
        cloud = LoupeCloud.start(LocalCloud.Options.forTests(LoupeRoot.path()).withEnvironment(Map.of(
                "TASK_MONTHLY_FILES", Integer.toString(MAX_OPEN * 10),
                "TASK_MAX_FILE_BYTES", Long.toString(MAX_BYTES))));
        calls = new TaskCalls(cloud);
        store = new TaskStore(cloud.backend().dynamoDb(), cloud.provisioned().tableName("TasksTable"));
        objects = new TaskObjects(cloud.backend().s3(), cloud.provisioned().bucketName("TaskBucket"));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) cloud.close();
    }

    private static Client newClient() {
        return calls.newClient();
    }

    @Test
    void aResizedPhotoIsRotatedByAConnectedTaskWithoutUploadingIt() throws Exception {
        Client c = newClient();
        String first = start(c, "resizeimage");
        String sf = upload(c, first, "beach.jpg", jpeg(400, 300));
        JsonNode resized = process(c, Map.of("task", first, "tool", "resizeimage", "resize_mode", "pixels",
                "pixels_width", 200, "pixels_height", 200, "files", List.of(Map.of("server_filename", sf,
                        "filename", "beach.jpg"))));
        assertThat(resized.path("status").asText()).as(resized.toString()).isEqualTo("TaskSuccess");
        assertThat(size(download(c, first).body())).containsExactly(200, 150);

        JsonNode next = json(send(c, "POST", "/v1/task/next", "application/json",
                JSON.writeValueAsBytes(Map.of("task", first, "tool", "rotateimage", "v", "php1.0"))), 200);
        String second = next.path("task").asText();
        assertThat(second).isNotBlank().isNotEqualTo(first);
        assertThat(next.path("server").asText()).isEqualTo(cloud.baseUri().getAuthority());
        assertThat(next.path("remaining_files").asInt()).isPositive();
        assertThat(next.path("files").isObject()).as(next.toString()).isTrue();
        assertThat(next.path("files").size()).isEqualTo(1);
        String newSf = next.path("files").fieldNames().next();
        assertThat(newSf).isNotEqualTo(sf).endsWith(".jpg");
        assertThat(next.path("files").path(newSf).asText()).isEqualTo(resized.path("download_filename").asText())
                .isEqualTo("beach.jpg");

        // A waiting task of its own tool, holding the file, which was never uploaded; the first task is untouched.
        JsonNode waiting = json(get(c, "/v1/task/" + second), 200);
        assertThat(waiting.path("status").asText()).isEqualTo("TaskWaiting");
        assertThat(waiting.path("tool").asText()).isEqualTo("rotateimage");
        assertThat(waiting.path("files").findValuesAsText("server_filename")).containsExactly(newSf);
        assertThat(json(get(c, "/v1/task/" + first), 200).path("status").asText()).isEqualTo("TaskSuccess");
        assertThat(store.openTasks().ids(c.project().projectId())).containsExactly(second);

        JsonNode rotated = process(c, Map.of("task", second, "tool", "rotateimage", "files", List.of(Map.of(
                "server_filename", newSf, "filename", next.path("files").path(newSf).asText(), "rotate", 90))));
        assertThat(rotated.path("status").asText()).as(rotated.toString()).isEqualTo("TaskSuccess");
        HttpResponse<byte[]> file = download(c, second);
        assertThat(file.headers().firstValue("content-disposition").orElse("")).contains("filename=\"beach.jpg\"");
        // The resized output (200 x 150), turned a quarter: 150 x 200.
        assertThat(size(file.body())).containsExactly(150, 200);
        // The first task's download is still there, as it was.
        assertThat(size(download(c, first).body())).containsExactly(200, 150);
    }

    @Test
    void onlyTheSuccessfulOutputsAreCarriedUnderTheNamesOfTheDownload() throws Exception {
        Client c = newClient();
        String first = start(c, "resizeimage");
        String a = upload(c, first, "sea.jpg", jpeg(300, 300));
        String b = upload(c, first, "sea.png", png(100, 50));
        byte[] garbage = new byte[4000];
        new Random(3).nextBytes(garbage);
        String bad = upload(c, first, "broken.jpg", garbage);
        JsonNode done = process(c, Map.of("task", first, "tool", "resizeimage", "resize_mode", "percentage",
                "percentage", 50, "output_filename", "{filename}_small", "files", List.of(
                        Map.of("server_filename", a, "filename", "sea.jpg"),
                        Map.of("server_filename", bad, "filename", "broken.jpg"),
                        Map.of("server_filename", b, "filename", "sea.png"))));
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("TaskSuccessWithWarnings");
        Map<String, byte[]> zip = unzip(download(c, first).body());

        // Form-encoded, as one client library sends it.
        JsonNode next = json(send(c, "POST", "/v1/task/next", "application/x-www-form-urlencoded",
                ("task=" + first + "&tool=compressimage&v=php1.0").getBytes(StandardCharsets.UTF_8)), 200);
        Map<String, String> files = new LinkedHashMap<>();
        next.path("files").properties().forEach(e -> files.put(e.getKey(), e.getValue().asText()));
        // The damaged file made no output and is not carried; the others have the ZIP's entry names, in its order.
        assertThat(new ArrayList<>(files.values())).containsExactlyElementsOf(zip.keySet())
                .containsExactly("sea_small.jpg", "sea_small.png");
        String second = next.path("task").asText();
        JsonNode view = json(get(c, "/v1/task/" + second), 200);
        assertThat(view.path("files").findValuesAsText("status")).containsOnly("FileWaiting").hasSize(2);

        // Multipart too; and each call makes a task of its own.
        Multipart multipart = new Multipart().field("task", first).field("tool", "convertimage");
        JsonNode third = json(send(c, "POST", "/v1/task/next", multipart.contentType(), multipart.bytes()), 200);
        assertThat(third.path("task").asText()).isNotEqualTo(second);
        assertThat(third.path("files").size()).isEqualTo(2);

        // In XML a server_filename can't be an element's name: each file is a <file> with both names.
        HttpRequest xmlRequest = HttpRequest.newBuilder(cloud.baseUri().resolve("/v1/task/next"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + c.token())
                .header("Accept", "application/xml").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(Map.of("task", first,
                        "tool", "rotateimage")))).build();
        HttpResponse<String> xml = HttpClients.send(xmlRequest);
        assertThat(xml.statusCode()).as(xml.body()).isEqualTo(200);
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.body().getBytes(StandardCharsets.UTF_8)));
        var xpath = XPathFactory.newInstance().newXPath();
        assertThat(xpath.evaluate("/next/task", document)).isNotBlank().isNotEqualTo(second);
        assertThat(xpath.evaluate("count(/next/files/file)", document)).isEqualTo("2");
        assertThat(xpath.evaluate("/next/files/file[1]/filename", document)).isEqualTo("sea_small.jpg");
        assertThat(xpath.evaluate("/next/files/file[2]/server_filename", document)).endsWith(".png");

        // The files are the outputs, byte for byte: processed again they decode to the halves of the originals.
        List<Map<String, Object>> order = new ArrayList<>();
        files.forEach((server, name) -> order.add(Map.of("server_filename", server, "filename", name)));
        JsonNode compressed = process(c, Map.of("task", second, "tool", "compressimage", "files", order));
        assertThat(compressed.path("status").asText()).as(compressed.toString()).isEqualTo("TaskSuccess");
        Map<String, byte[]> out = unzip(download(c, second).body());
        assertThat(out.keySet()).containsExactly("sea_small.jpg", "sea_small.png");
        assertThat(size(out.get("sea_small.jpg"))).containsExactly(150, 150);
        assertThat(size(out.get("sea_small.png"))).containsExactly(50, 25);
    }

    @Test
    void refusalsAnswerTheReferencesWayAndMakeNoTask() throws Exception {
        Client c = newClient();
        Client other = newClient();
        String done = processedTask(c);

        // Another project's task, a made-up id, an expired-looking one: TaskNotFound, as for any other route.
        JsonNode foreign = json(next(other, done, "rotateimage"), 404);
        assertThat(foreign.at("/error/reason").asText()).isEqualTo("TaskNotFound");
        assertThat(json(next(c, "nosuchtask0000000000000000", "rotateimage"), 404).at("/error/reason").asText())
                .isEqualTo("TaskNotFound");

        // A waiting task (nothing processed yet): 400.
        String waiting = start(c, "resizeimage");
        upload(c, waiting, "photo.jpg", jpeg(40, 40));
        JsonNode notFinished = json(next(c, waiting, "rotateimage"), 400);
        assertThat(notFinished.at("/error/type").asText()).isEqualTo("ProcessingError");
        assertThat(notFinished.at("/error/reason").asText()).isEqualTo("task_not_finished");
        assertThat(notFinished.at("/error/message").asText()).contains("TaskWaiting");

        // A task that failed (its only file was damaged): 400, nothing to continue from.
        String failed = start(c, "rotateimage");
        byte[] garbage = new byte[3000];
        new Random(5).nextBytes(garbage);
        String bad = upload(c, failed, "broken.jpg", garbage);
        JsonNode error = process(c, Map.of("task", failed, "tool", "rotateimage", "try_image_repair", false,
                "files", List.of(Map.of("server_filename", bad, "filename", "broken.jpg"))));
        assertThat(error.path("status").asText()).isEqualTo("TaskError");
        assertThat(json(next(c, failed, "rotateimage"), 400).at("/error/reason").asText()).isEqualTo("task_failed");

        // An unknown tool, and missing parameters: 400 ProcessingError on the parameter.
        JsonNode unknown = json(next(c, done, "mergepdf"), 400);
        assertThat(unknown.at("/error/type").asText()).isEqualTo("ProcessingError");
        assertThat(unknown.at("/error/param").asText()).isEqualTo("tool");
        assertThat(json(send(c, "POST", "/v1/task/next", "application/json", "{\"task\": \"x\"}".getBytes(
                StandardCharsets.UTF_8)), 400).at("/error/param").asText()).isEqualTo("tool");
        assertThat(json(send(c, "POST", "/v1/task/next", "application/json", "{\"tool\": \"rotateimage\"}"
                .getBytes(StandardCharsets.UTF_8)), 400).at("/error/param").asText()).isEqualTo("task");

        // None of these made a task: the project has its two processed ones and the waiting one.
        assertThat(store.listing().list(c.project().projectId(), new TaskListing.Filter(Optional.empty(), Optional.empty(),
                Optional.empty()), 0, 50, Instant.now())).extracting(Task::taskId)
                .containsExactlyInAnyOrder(done, waiting, failed);
        assertThat(store.listing().list(other.project().projectId(), new TaskListing.Filter(Optional.empty(), Optional.empty(),
                Optional.empty()), 0, 50, Instant.now())).isEmpty();
    }

    @Test
    void theOpenTaskLimitCountsTheConnectedTaskAndARefusedOneLeavesNothing() throws Exception {
        Client c = newClient();
        String done = processedTask(c);
        List<String> open = new ArrayList<>();
        for (int i = 0; i < MAX_OPEN; i++) {
            String task = start(c, "rotateimage");
            upload(c, task, "photo.jpg", jpeg(30, 30));
            open.add(task);
        }
        JsonNode full = json(next(c, done, "rotateimage"), 400);
        assertThat(full.at("/error/type").asText()).isEqualTo("UploadError");
        assertThat(full.at("/error/reason").asText()).isEqualTo("too_many_open_tasks");
        // The refused task is gone again, with its copies: only the open ones and the processed one are listed.
        List<Task> tasks = store.listing().list(c.project().projectId(), new TaskListing.Filter(Optional.empty(),
                Optional.empty(), Optional.empty()), 0, 50, Instant.now());
        assertThat(tasks).extracting(Task::taskId).containsExactlyInAnyOrderElementsOf(
                concat(open, done));
        assertThat(store.openTasks().ids(c.project().projectId())).containsExactlyInAnyOrderElementsOf(open);
        assertThat(objects.keysUnder("tasks/" + c.project().projectId() + "/")).allMatch(k ->
                tasks.stream().anyMatch(t -> k.startsWith(TaskKeys.objectPrefix(t.projectId(), t.taskId()))));

        // Closing one (deleting it) makes room.
        json(send(c, "DELETE", "/v1/task/" + open.getFirst(), null, null), 200);
        JsonNode next = json(next(c, done, "rotateimage"), 200);
        assertThat(store.openTasks().ids(c.project().projectId())).contains(next.path("task").asText());
    }

    @Test
    void anOutputLargerThanTheFileLimitIsRefusedAsAnUploadWouldBe() throws Exception {
        Client c = newClient();
        String first = start(c, "resizeimage");
        String sf = upload(c, first, "noise.png", noisePng(64, 64));
        JsonNode done = process(c, Map.of("task", first, "tool", "resizeimage", "resize_mode", "pixels",
                "pixels_width", 1200, "pixels_height", 1200, "no_enlarge_if_smaller", false,
                "files", List.of(Map.of("server_filename", sf, "filename", "noise.png"))));
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("TaskSuccess");
        assertThat(done.path("output_filesize").asLong()).as("the output must exceed the limit for this test")
                .isGreaterThan(MAX_BYTES);
        JsonNode refused = json(next(c, first, "rotateimage"), 400);
        assertThat(refused.at("/error/type").asText()).isEqualTo("UploadError");
        assertThat(refused.at("/error/reason").asText()).isEqualTo("file_too_large");
        assertThat(store.openTasks().ids(c.project().projectId())).isEmpty();
    }

    /**
     * A task with a file_encryption_key: its outputs are copied under the same key (SSE-C on both sides, checked on
     * S3Proxy, which enforces it), the new task takes the same key, a call without it is refused, and the new task
     * is processed and downloaded under it like any encrypted task.
     */
    @Test
    void anEncryptedTasksOutputsStayEncryptedUnderTheSameKey() throws Exception {
        String secret = "0123456789abcdef0123456789abcdef";
        Client plain = newClient();
        Client c = new Client(plain.project(), TaskApiEndToEndTest.keyedToken(plain.project(), secret));
        FileKey key = FileKey.of(secret);
        String first = start(c, "resizeimage");
        String sf = upload(c, first, "secret.jpg", jpeg(80, 60));
        JsonNode resized = process(c, Map.of("task", first, "tool", "resizeimage", "resize_mode", "percentage",
                "percentage", 50, "files", List.of(Map.of("server_filename", sf, "filename", "secret.jpg"))));
        assertThat(resized.path("status").asText()).as(resized.toString()).isEqualTo("TaskSuccess");

        // Without the key, or with another: refused before anything is copied.
        assertThat(json(next(plain, first, "rotateimage"), 400).at("/error/reason").asText())
                .isEqualTo("wrong_file_encryption_key");
        Client wrong = new Client(plain.project(), TaskApiEndToEndTest.keyedToken(plain.project(),
                "fedcba9876543210"));
        assertThat(json(next(wrong, first, "rotateimage"), 400).at("/error/reason").asText())
                .isEqualTo("wrong_file_encryption_key");
        assertThat(store.openTasks().ids(plain.project().projectId())).isEmpty();

        JsonNode next = json(next(c, first, "rotateimage"), 200);
        String second = next.path("task").asText();
        String newSf = next.path("files").fieldNames().next();
        assertThat(next.path("files").path(newSf).asText()).isEqualTo("secret.jpg");
        String copy = TaskKeys.inputObject(c.project().projectId(), second, newSf);
        assertThat(size(objects.get(copy, Optional.of(key)))).containsExactly(40, 30);
        assertThatThrownBy(() -> objects.get(copy, Optional.empty())).as("unreadable without the key")
                .isInstanceOf(RuntimeException.class);
        // The new task has the same key: a call on it without the key is refused.
        Multipart upload = new Multipart().field("task", second).part("file", "more.jpg",
                "application/octet-stream", jpeg(10, 10));
        assertThat(json(send(plain, "POST", "/v1/upload", upload.contentType(), upload.bytes()), 400)
                .at("/error/reason").asText()).isEqualTo("wrong_file_encryption_key");

        JsonNode rotated = process(c, Map.of("task", second, "tool", "rotateimage", "files", List.of(Map.of(
                "server_filename", newSf, "filename", "secret.jpg", "rotate", 90))));
        assertThat(rotated.path("status").asText()).as(rotated.toString()).isEqualTo("TaskSuccess");
        assertThat(size(download(c, second).body())).containsExactly(30, 40);
    }

    private static List<String> concat(List<String> list, String one) {
        List<String> all = new ArrayList<>(list);
        all.add(one);
        return all;
    }

    /** A processed (TaskSuccess) one-file task of the client's. */
    private static String processedTask(Client c) throws Exception {
        String task = start(c, "resizeimage");
        String sf = upload(c, task, "photo.jpg", jpeg(60, 40));
        JsonNode done = process(c, Map.of("task", task, "tool", "resizeimage", "resize_mode", "percentage",
                "percentage", 50, "files", List.of(Map.of("server_filename", sf, "filename", "photo.jpg"))));
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("TaskSuccess");
        return task;
    }

    private static HttpResponse<String> next(Client c, String task, String tool) throws Exception {
        return send(c, "POST", "/v1/task/next", "application/x-www-form-urlencoded", ("task="
                + URLEncoder.encode(task, StandardCharsets.UTF_8) + "&tool=" + tool).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode process(Client c, Map<String, Object> body) throws Exception {
        return json(send(c, "POST", "/v1/process", "application/json", JSON.writeValueAsBytes(body)), 200);
    }

    private static String start(Client c, String tool) throws Exception {
        return calls.start(c, tool);
    }

    private static String upload(Client c, String task, String name, byte[] bytes) throws Exception {
        return calls.upload(c, task, name, bytes);
    }

    private static HttpResponse<byte[]> download(Client c, String task) throws Exception {
        return calls.download(c, task);
    }

    private static HttpResponse<String> get(Client c, String path) throws Exception {
        return calls.send(c, "GET", path, null, null);
    }

    private static HttpResponse<String> send(Client c, String method, String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        return calls.send(c, method, path, contentType, body);
    }

    /** Random pixels: a PNG of them stays large when enlarged (interpolated noise compresses badly). */
    private static byte[] noisePng(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(11);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "png", out)).isTrue();
        return out.toByteArray();
    }
}
