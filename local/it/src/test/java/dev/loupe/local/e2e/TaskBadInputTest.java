package dev.loupe.local.e2e;

import static dev.loupe.local.e2e.TaskCalls.json;
import static dev.loupe.local.e2e.TaskCalls.jpeg;
import static dev.loupe.local.e2e.TaskCalls.size;
import static dev.loupe.local.e2e.TaskCalls.statuses;
import static dev.loupe.local.e2e.TaskCalls.unzip;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.e2e.TaskCalls.Client;
import dev.loupe.local.testing.Multipart;
import dev.loupe.task.TaskStore;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad files and bad parameters on the local cloud (issue 6, "Done when"), each with the task API's file status or
 * error, and each showing that nothing else was affected: the other file of the same task is processed and
 * downloadable, the task ends as the task API says, and another task of the project stays as it was.
 *
 * <p>Covered elsewhere, not repeated here: an unknown tool at start, a missing task, a file that is not the task's,
 * a negative width and rotate 45 at process ({@link TaskApiEndToEndTest}, {@link TaskProcessTest}); a damaged file
 * with ignore_errors false; an upload without the task's key.
 */
@LoupeCloudTest
class TaskBadInputTest {
    private static LoupeCloud cloud;
    private static TaskCalls calls;
    private static TaskStore store;

    @BeforeAll
    static void start(LoupeCloud shared) throws Exception {
        cloud = shared;
        calls = new TaskCalls(cloud);
        store = new TaskStore(cloud.backend().dynamoDb(), cloud.provisioned().tableName("TasksTable"));
    }

    // ---------------------------------------------------------------- bad files: a status, the rest processed

    static Stream<Arguments> badFiles() throws IOException {
        byte[] random = new byte[5000];
        new Random(7).nextBytes(random);
        // A JPEG's start-of-image marker, then noise: a loader claims it and can't read it.
        byte[] damaged = random.clone();
        damaged[0] = (byte) 0xFF;
        damaged[1] = (byte) 0xD8;
        damaged[2] = (byte) 0xFF;
        return Stream.of(
                Arguments.of("damaged", "damaged.jpg", damaged, true, "DamagedFile", ""),
                Arguments.of("random bytes", "random.jpg", random, true, "NoImages", "no image"),
                Arguments.of("a PDF", "scan.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
                        .getBytes(StandardCharsets.UTF_8), true, "NoImages", "no image"),
                Arguments.of("truncated without try_image_repair", "truncated.jpg", truncated(), false,
                        "DamagedFile", ""),
                Arguments.of("zero bytes", "empty.jpg", new byte[0], true, "DamagedFile", "empty"),
                Arguments.of("not an image", "notes.jpg", "Meeting notes: bring the photos.\n"
                        .getBytes(StandardCharsets.UTF_8), true, "NoImages", "no image"),
                Arguments.of("a pixel bomb (50000 x 50000 declared)", "bomb.jpg", pixelBomb(), true, "DamagedFile",
                        "too many pixels"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadFileHasItsStatusAndTheOtherFileIsProcessed(String label, String name, byte[] bytes, boolean repair,
                                                       String status, String reason) throws Exception {
        Client c = calls.newClient();
        String bystander = calls.start(c, "rotateimage");
        String bystanderFile = calls.upload(c, bystander, "other.jpg", jpeg(30, 30));
        String task = calls.start(c, "rotateimage");
        String good = calls.upload(c, task, "good.jpg", jpeg(60, 40));
        String bad = calls.upload(c, task, name, bytes);

        long began = System.nanoTime();
        JsonNode done = json(calls.process(c, Map.of("task", task, "tool", "rotateimage", "try_image_repair", repair,
                "files", List.of(Map.of("server_filename", good, "filename", "good.jpg", "rotate", 90),
                        Map.of("server_filename", bad, "filename", name)))), 200);
        double seconds = (System.nanoTime() - began) / 1e9;
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("TaskSuccessWithWarnings");
        assertThat(statuses(done)).containsEntry(good, "FileSuccess").containsEntry(bad, status);
        assertThat(done.path("status_message").asText()).contains(name + ": " + status).contains(reason);
        assertThat(done.path("output_filenumber").asInt()).isEqualTo(1);
        assertThat(size(calls.download(c, task).body())).as("the good file, rotated").containsExactly(40, 60);
        // Refused from its header, without decoding: as quick as any small file (the worker's cold start aside).
        assertThat(seconds).as("process, synchronous").isLessThan(20);

        JsonNode other = calls.view(c, bystander);
        assertThat(other.path("status").asText()).isEqualTo("TaskWaiting");
        assertThat(statuses(other)).containsExactly(Map.entry(bystanderFile, "FileWaiting"));
    }

    /** try_image_repair (the task API's default, true): a truncated JPEG comes back at its full size. */
    @Test
    void aTruncatedJpegIsRepairedWithTryImageRepair() throws Exception {
        Client c = calls.newClient();
        String task = calls.start(c, "rotateimage");
        String good = calls.upload(c, task, "good.jpg", jpeg(60, 40));
        String cut = calls.upload(c, task, "truncated.jpg", truncated());
        JsonNode done = json(calls.process(c, Map.of("task", task, "tool", "rotateimage", "files", List.of(
                Map.of("server_filename", good, "filename", "good.jpg"),
                Map.of("server_filename", cut, "filename", "truncated.jpg")))), 200);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("TaskSuccess");
        assertThat(statuses(done).values()).containsOnly("FileSuccess");
        Map<String, byte[]> zip = unzip(calls.download(c, task).body());
        assertThat(zip.keySet()).containsExactly("good.jpg", "truncated.jpg");
        assertThat(size(zip.get("good.jpg"))).containsExactly(60, 40);
        assertThat(size(zip.get("truncated.jpg"))).as("the full size").containsExactly(400, 300);
    }

    /** cropimage: an area outside the image is that file's OutOfRange; a file it fits is cropped. */
    @Test
    void aCropOutsideTheImageIsOutOfRangeForThatFileOnly() throws Exception {
        Client c = calls.newClient();
        String task = calls.start(c, "cropimage");
        String large = calls.upload(c, task, "large.jpg", jpeg(200, 150));
        String small = calls.upload(c, task, "small.jpg", jpeg(60, 40));
        JsonNode done = json(calls.process(c, Map.of("task", task, "tool", "cropimage", "x", 100, "y", 50,
                "width", 50, "height", 40, "files", List.of(
                        Map.of("server_filename", large, "filename", "large.jpg"),
                        Map.of("server_filename", small, "filename", "small.jpg")))), 200);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("TaskSuccessWithWarnings");
        assertThat(statuses(done)).containsEntry(large, "FileSuccess").containsEntry(small, "OutOfRange");
        assertThat(size(calls.download(c, task).body())).containsExactly(50, 40);
    }

    // ---------------------------------------------------------------- bad parameters: 400, the task still waiting

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of("resizeimage", Map.of("pixels_width", 0), "pixels_width"),
                Arguments.of("resizeimage", Map.of("pixels_width", 1_000_000), "pixels_width"),
                Arguments.of("resizeimage", Map.of("pixels_width", "wide"), "pixels_width"),
                Arguments.of("resizeimage", Map.of("resize_mode", "percentage", "percentage", 0), "percentage"),
                Arguments.of("compressimage", Map.of("compression_level", "bogus"), "compression_level"),
                Arguments.of("watermarkimage", Map.of("elements", List.of(Map.of("type", "text", "text", "Loupe",
                        "transparency", 200))), "transparency"),
                Arguments.of("rotateimage", Map.of("tool", "pdfmerge"), "tool"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badParameters")
    void aBadParameterIsRefusedAndTheTaskCanStillBeProcessed(String tool, Map<String, Object> params,
                                                             String param) throws Exception {
        Client c = calls.newClient();
        String task = calls.start(c, tool);
        String sf = calls.upload(c, task, "photo.jpg", jpeg(80, 60));
        Map<String, Object> body = new LinkedHashMap<>(Map.of("task", task, "tool", tool, "files",
                List.of(Map.of("server_filename", sf, "filename", "photo.jpg"))));
        body.putAll(params);
        JsonNode refused = json(calls.process(c, body), 400);
        assertThat(refused.at("/error/type").asText()).isEqualTo("ProcessingError");
        assertThat(refused.at("/error/param").asText()).as(refused.toString()).contains(param);

        JsonNode view = calls.view(c, task);
        assertThat(view.path("status").asText()).isEqualTo("TaskWaiting");
        assertThat(statuses(view)).containsExactly(Map.entry(sf, "FileWaiting"));
        // Nothing was started: the same task processes with good parameters.
        Map<String, Object> good = new LinkedHashMap<>(Map.of("task", task, "tool", tool, "files",
                List.of(Map.of("server_filename", sf, "filename", "photo.jpg"))));
        if (tool.equals("resizeimage")) good.put("pixels_width", 40);
        if (tool.equals("watermarkimage")) good.put("elements", List.of(Map.of("type", "text", "text", "Loupe")));
        JsonNode done = json(calls.process(c, good), 200);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("TaskSuccess");
    }

    /** A task started with one file_encryption_key refuses another key, and stays as it was. */
    @Test
    void aWrongKeyIsRefusedAndTheTaskIsUntouched() throws Exception {
        Client plain = calls.newClient();
        Client keyed = new Client(plain.project(), TaskApiEndToEndTest.keyedToken(plain.project(),
                "0123456789abcdef"));
        Client wrong = new Client(plain.project(), TaskApiEndToEndTest.keyedToken(plain.project(),
                "fedcba9876543210"));
        String task = calls.start(keyed, "rotateimage");
        String sf = calls.upload(keyed, task, "photo.jpg", jpeg(20, 20));

        Multipart upload = new Multipart().field("task", task).part("file", "b.jpg", "image/jpeg", jpeg(20, 20));
        JsonNode refusedUpload = json(calls.send(wrong, "POST", "/v1/upload", upload.contentType(), upload.bytes()),
                400);
        assertThat(refusedUpload.at("/error/reason").asText()).isEqualTo("wrong_file_encryption_key");
        JsonNode refusedProcess = json(calls.process(wrong, Map.of("task", task, "tool", "rotateimage",
                "files", List.of(Map.of("server_filename", sf)))), 400);
        assertThat(refusedProcess.at("/error/reason").asText()).isEqualTo("wrong_file_encryption_key");
        JsonNode view = calls.view(keyed, task);
        assertThat(view.path("status").asText()).isEqualTo("TaskWaiting");
        assertThat(statuses(view)).containsExactly(Map.entry(sf, "FileWaiting"));
    }

    /**
     * The task API's per-file {@code password}: no image format here has one, so it is accepted and unused; it is
     * never echoed (debug shows its length only) nor stored with the order.
     */
    @Test
    void aPasswordIsAcceptedNeverEchoedNorStored() throws Exception {
        String password = "hunter2-Secret";
        Client c = calls.newClient();
        String task = calls.start(c, "rotateimage");
        String sf = calls.upload(c, task, "photo.jpg", jpeg(20, 10));
        Map<String, Object> body = Map.of("task", task, "tool", "rotateimage", "password", password, "files",
                List.of(Map.of("server_filename", sf, "filename", "photo.jpg", "password", password)));

        Map<String, Object> debug = new LinkedHashMap<>(body);
        debug.put("debug", true);
        String echoed = calls.process(c, debug).body();
        assertThat(echoed).contains("(14 characters)").doesNotContain(password);
        String form = "task=" + task + "&tool=rotateimage&debug=true&files%5B0%5D%5Bserver_filename%5D=" + sf
                + "&files%5B0%5D%5Bpassword%5D=" + password;
        String formEcho = calls.send(c, "POST", "/v1/process", "application/x-www-form-urlencoded",
                form.getBytes(StandardCharsets.UTF_8)).body();
        assertThat(formEcho).contains("(14 characters)").doesNotContain(password);

        String done = calls.process(c, body).body();
        assertThat(TaskCalls.JSON.readTree(done).path("status").asText()).as(done).isEqualTo("TaskSuccess");
        assertThat(done).doesNotContain(password);
        assertThat(calls.view(c, task).toString()).doesNotContain(password);
        assertThat(store.tasks().find(c.project().projectId(), task).orElseThrow().params().orElseThrow())
                .doesNotContain(password);
    }

    // ---------------------------------------------------------------- files

    /** A 400 x 300 noisy JPEG cut at 60%: its first rows decode, the rest is missing. */
    private static byte[] truncated() throws IOException {
        BufferedImage image = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(3);
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                image.setRGB(x, y, random.nextInt(0xffffff));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "jpg", out)).isTrue();
        byte[] whole = out.toByteArray();
        return java.util.Arrays.copyOf(whole, whole.length * 6 / 10);
    }

    /** A small, valid JPEG whose frame header (SOF0) declares 50000 x 50000 pixels: 2.5 gigapixels if decoded. */
    private static byte[] pixelBomb() throws IOException {
        byte[] bytes = jpeg(16, 16);
        for (int i = 0; i + 8 < bytes.length; i++) {
            if ((bytes[i] & 0xff) == 0xFF && (bytes[i + 1] & 0xff) == 0xC0) {
                bytes[i + 5] = (byte) 0xC3; // height 0xC350 = 50000
                bytes[i + 6] = (byte) 0x50;
                bytes[i + 7] = (byte) 0xC3; // width
                bytes[i + 8] = (byte) 0x50;
                return bytes;
            }
        }
        throw new IllegalStateException("no SOF0 marker");
    }
}
