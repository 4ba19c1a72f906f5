package dev.loupe.local.e2e;

import static dev.loupe.local.e2e.TaskCalls.jpeg;
import static dev.loupe.local.e2e.TaskCalls.json;
import static dev.loupe.local.e2e.TaskCalls.png;
import static dev.loupe.local.e2e.TaskCalls.size;
import static dev.loupe.local.e2e.TaskCalls.unzip;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.LocalCloud;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.e2e.TaskCalls.Client;
import dev.loupe.local.testing.Eventually;
import dev.loupe.auth.Caller;
import dev.loupe.imaging.tools.ProcessingTools;
import dev.loupe.sqs.JobQueue;
import dev.loupe.imaging.tools.FileStatus;
import dev.loupe.task.PlainCopyJob;
import dev.loupe.task.ProcessOrder;
import dev.loupe.task.Task;
import dev.loupe.task.TaskCleanup;
import dev.loupe.task.TaskKeys;
import dev.loupe.task.TaskObjects;
import dev.loupe.task.TaskProcessing;
import dev.loupe.task.TaskService;
import dev.loupe.task.TaskSettings;
import dev.loupe.task.TaskStore;
import dev.loupe.local.testing.HttpClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Processing tasks on the local cloud, over HTTP as the task API's clients call it: start, upload, process (the
 * synchronous mode: the answer is the finished task), download (a 302 to a presigned GET that names the file), and
 * the worker's exactly-once completion under redelivery. Every image is decoded to check what the tools did.
 */
class TaskProcessTest {
    private static final ObjectMapper JSON = TaskCalls.JSON;
    private static LoupeCloud cloud;
    private static TaskCalls calls;
    private static TaskStore store;

    @BeforeAll
    static void start() throws Exception {
        // An encrypted task's plain download copy lives 4 s here (300 in template.yaml), so that a test sees it go.
        // A cloud of its own, not the shared one (SharedLoupeCloud): encrypted downloads that expire after 4 s, so that
        // the test sees them expire.
        cloud = LoupeCloud.start(LocalCloud.Options.forTests(LoupeRoot.path()).withEnvironment(Map.of(
                "ENCRYPTED_DOWNLOAD_SECONDS", "4")));
        calls = new TaskCalls(cloud);
        store = new TaskStore(cloud.backend().dynamoDb(), cloud.provisioned().tableName("TasksTable"));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) cloud.close();
    }

    private static Client newClient() {
        return calls.newClient();
    }

    @Test
    void threeFilesAreResizedAndDownloadedAsAZip() throws Exception {
        Client c = newClient();
        String task = start(c, "resizeimage");
        Map<String, String> names = new LinkedHashMap<>();
        names.put(upload(c, task, "beach.jpg", jpeg(400, 300)), "beach.jpg");
        names.put(upload(c, task, "dunes.jpg", jpeg(300, 600)), "dunes.jpg");
        names.put(upload(c, task, "sea.png", png(200, 200)), "sea.png");

        // Form-encoded with PHP-style keys, as one client library sends it.
        StringBuilder form = new StringBuilder("task=" + task + "&tool=resizeimage&resize_mode=pixels"
                + "&pixels_width=100&pixels_height=100&maintain_ratio=true&packaged_filename=resized_{tool}&v=php1.0");
        int i = 0;
        for (var e : names.entrySet()) {
            form.append("&files[").append(i).append("][server_filename]=").append(e.getKey())
                    .append("&files[").append(i).append("][filename]=").append(e.getValue());
            i++;
        }
        JsonNode done = json(send(c, "POST", "/v1/process", "application/x-www-form-urlencoded",
                form.toString().replace("[", "%5B").replace("]", "%5D").getBytes(StandardCharsets.UTF_8)), 200);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("TaskSuccess");
        assertThat(done.path("output_filenumber").asInt()).isEqualTo(3);
        assertThat(done.path("download_filename").asText()).isEqualTo("resized_resizeimage.zip");
        assertThat(done.path("output_extensions").toString()).contains("jpg").contains("png");
        assertThat(done.path("filesize").asLong()).isPositive();
        assertThat(done.path("timer").asText()).matches("\\d+\\.\\d{3}");
        assertThat(done.path("files").findValuesAsText("status")).containsOnly("FileSuccess");

        HttpResponse<byte[]> zip = download(c, task);
        assertThat(zip.headers().firstValue("content-disposition").orElse(""))
                .contains("attachment").contains("filename=\"resized_resizeimage.zip\"");
        assertThat((long) zip.body().length).isEqualTo(done.path("output_filesize").asLong());
        Map<String, byte[]> entries = unzip(zip.body());
        assertThat(entries.keySet()).containsExactly("beach.jpg", "dunes.jpg", "sea.png");
        // maintain_ratio: fitted inside 100 x 100.
        assertThat(size(entries.get("beach.jpg"))).containsExactly(100, 75);
        assertThat(size(entries.get("dunes.jpg"))).containsExactly(50, 100);
        assertThat(size(entries.get("sea.png"))).containsExactly(100, 100);

        // Processed once: a second process call is refused and nothing changes.
        JsonNode again = json(send(c, "POST", "/v1/process", "application/json", JSON.writeValueAsBytes(Map.of(
                "task", task, "tool", "resizeimage", "files", List.of(Map.of("server_filename",
                        names.keySet().iterator().next(), "filename", "beach.jpg"))))), 400);
        assertThat(again.at("/error/type").asText()).isEqualTo("ProcessingError");
        assertThat(again.at("/error/message").asText()).contains("TaskSuccess");
        assertThat(json(get(c, "/v1/task/" + task), 200).path("status").asText()).isEqualTo("TaskSuccess");
    }

    @Test
    void oneFileIsServedAsItselfNamedByOutputFilename() throws Exception {
        Client c = newClient();
        String task = start(c, "rotateimage");
        String sf = upload(c, task, "Été à Lisboa.jpg", jpeg(120, 80));
        JsonNode done = json(send(c, "POST", "/v1/process", "application/json", JSON.writeValueAsBytes(Map.of(
                "task", task, "tool", "rotateimage", "output_filename", "{filename}_{n}_{tool}",
                "files", List.of(Map.of("server_filename", sf, "filename", "Été à Lisboa.jpg", "rotate", 90))))),
                200);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("TaskSuccess");
        assertThat(done.path("download_filename").asText()).isEqualTo("Été à Lisboa_1_rotateimage.jpg");
        assertThat(done.path("output_filenumber").asInt()).isEqualTo(1);

        HttpResponse<byte[]> file = download(c, task);
        String disposition = file.headers().firstValue("content-disposition").orElse("");
        assertThat(disposition).startsWith("attachment; filename=\"")
                .contains("filename*=UTF-8''%C3%89t%C3%A9%20%C3%A0%20Lisboa_1_rotateimage.jpg");
        assertThat(size(file.body())).as("rotated a quarter turn").containsExactly(80, 120);
    }

    @Test
    void aDamagedFileIsAWarningWhenErrorsAreIgnored() throws Exception {
        Client c = newClient();
        String task = start(c, "compressimage");
        String good = upload(c, task, "good.jpg", jpeg(200, 150));
        byte[] garbage = new byte[5000];
        new Random(7).nextBytes(garbage);
        // A JPEG's start-of-image marker first: a broken image (DamagedFile), not bytes with no image (NoImages).
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        garbage[2] = (byte) 0xFF;
        String bad = upload(c, task, "bad.jpg", garbage);
        JsonNode done = json(send(c, "POST", "/v1/process", "application/json", JSON.writeValueAsBytes(Map.of(
                "task", task, "tool", "compressimage", "files", List.of(
                        Map.of("server_filename", good, "filename", "good.jpg"),
                        Map.of("server_filename", bad, "filename", "bad.jpg"))))), 200);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("TaskSuccessWithWarnings");
        Map<String, String> statuses = new LinkedHashMap<>();
        done.path("files").forEach(f -> statuses.put(f.path("server_filename").asText(), f.path("status").asText()));
        assertThat(statuses).containsEntry(good, "FileSuccess").containsEntry(bad, "DamagedFile");
        assertThat(done.path("output_filenumber").asInt()).isEqualTo(1);
        assertThat(size(download(c, task).body())).containsExactly(200, 150);
    }

    @Test
    void badRequestsLeaveTheTaskWaiting() throws Exception {
        Client c = newClient();
        String task = start(c, "resizeimage");
        String sf = upload(c, task, "photo.jpg", jpeg(100, 100));
        List<Map<String, Object>> files = List.of(Map.of("server_filename", sf, "filename", "photo.jpg"));

        JsonNode badParam = json(send(c, "POST", "/v1/process", "application/json", JSON.writeValueAsBytes(Map.of(
                "task", task, "tool", "resizeimage", "pixels_width", -5, "files", files))), 400);
        assertThat(badParam.at("/error/type").asText()).isEqualTo("ProcessingError");
        assertThat(badParam.at("/error/param").asText()).isEqualTo("pixels_width");

        JsonNode wrongTool = json(send(c, "POST", "/v1/process", "application/json", JSON.writeValueAsBytes(Map.of(
                "task", task, "tool", "cropimage", "files", files))), 400);
        assertThat(wrongTool.at("/error/param").asText()).isEqualTo("tool");

        JsonNode unknownFile = json(send(c, "POST", "/v1/process", "application/json", JSON.writeValueAsBytes(
                Map.of("task", task, "tool", "resizeimage", "files", List.of(Map.of("server_filename",
                        "nosuchfile000000000000000000.jpg", "filename", "x.jpg"))))), 400);
        assertThat(unknownFile.at("/error/reason").asText()).isEqualTo("ServerFileNotFound");
        assertThat(unknownFile.at("/error/param").asText()).isEqualTo("files[0][server_filename]");

        JsonNode badRotate = json(send(c, "POST", "/v1/process", "application/json", JSON.writeValueAsBytes(Map.of(
                "task", task, "tool", "resizeimage", "files", List.of(Map.of("server_filename", sf,
                        "rotate", 45))))), 400);
        assertThat(badRotate.at("/error/param").asText()).isEqualTo("files[0][rotate]");

        JsonNode view = json(get(c, "/v1/task/" + task), 200);
        assertThat(view.path("status").asText()).isEqualTo("TaskWaiting");
        assertThat(view.path("files").findValuesAsText("status")).containsOnly("FileWaiting");

        // Not processed yet: nothing to download.
        JsonNode early = json(getRaw(c, "/v1/download/" + task), 400);
        assertThat(early.at("/error/type").asText()).isEqualTo("DownloadError");
    }

    @Test
    void anotherProjectCanNeitherProcessNorDownload() throws Exception {
        Client owner = newClient();
        Client other = newClient();
        String task = start(owner, "rotateimage");
        String sf = upload(owner, task, "photo.jpg", jpeg(60, 40));
        byte[] body = JSON.writeValueAsBytes(Map.of("task", task, "tool", "rotateimage", "files",
                List.of(Map.of("server_filename", sf, "filename", "photo.jpg"))));

        assertThat(json(send(other, "POST", "/v1/process", "application/json", body), 404).at("/error/reason")
                .asText()).isEqualTo("TaskNotFound");
        assertThat(json(get(owner, "/v1/task/" + task), 200).path("status").asText()).isEqualTo("TaskWaiting");

        assertThat(json(send(owner, "POST", "/v1/process", "application/json", body), 200).path("status").asText())
                .isEqualTo("TaskSuccess");
        assertThat(json(getRaw(other, "/v1/download/" + task), 404).at("/error/reason").asText())
                .isEqualTo("TaskNotFound");
        assertThat(getRaw(owner, "/v1/download/" + task).statusCode()).isEqualTo(302);
    }

    @Test
    void webhookAnswersAtOnceAndPollingSeesTheEnd() throws Exception {
        Client c = newClient();
        String task = start(c, "rotateimage");
        String sf = upload(c, task, "photo.jpg", jpeg(60, 40));
        JsonNode answer = json(send(c, "POST", "/v1/process", "application/json", JSON.writeValueAsBytes(Map.of(
                "task", task, "tool", "rotateimage", "webhook", "", "custom_int", 42, "custom_string", "order-7",
                "files", List.of(Map.of("server_filename", sf, "filename", "photo.jpg"))))), 200);
        assertThat(answer.path("status").asText()).isIn("TaskProcessing", "TaskSuccess");
        assertThat(answer.path("custom_int").asLong()).isEqualTo(42);
        JsonNode view = answer;
        for (int i = 0; i < 200 && view.path("status").asText().equals("TaskProcessing"); i++) {
            Thread.sleep(100);
            view = json(get(c, "/v1/task/" + task), 200);
        }
        assertThat(view.path("status").asText()).isEqualTo("TaskSuccess");
        assertThat(view.path("custom_string").asText()).isEqualTo("order-7");
    }

    @Test
    void gifAnimationMakesOneOutputOfAllTheFiles() throws Exception {
        Client c = newClient();
        String task = start(c, "convertimage");
        List<Map<String, Object>> files = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // Frames that differ: an encoder may merge identical ones.
            files.add(Map.of("server_filename", upload(c, task, "frame" + i + ".jpg", solid(64, 48,
                    new Color[]{Color.RED, Color.GREEN, Color.BLUE}[i])), "filename",
                    "frame" + i + ".jpg"));
        }
        JsonNode done = json(send(c, "POST", "/v1/process", "application/json", JSON.writeValueAsBytes(Map.of(
                "task", task, "tool", "convertimage", "to", "gif_animation", "gif_time", 20, "files", files))), 200);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("TaskSuccess");
        assertThat(done.path("output_filenumber").asInt()).isEqualTo(1);
        assertThat(done.path("download_filename").asText()).isEqualTo("frame0.gif");
        byte[] gif = download(c, task).body();
        var reader = ImageIO.getImageReadersByFormatName("gif").next();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(gif)));
        assertThat(reader.getNumImages(true)).as("one frame per file").isEqualTo(3);
        assertThat(List.of(reader.getWidth(0), reader.getHeight(0))).containsExactly(64, 48);
    }

    @Test
    void withoutIgnoreErrorsOneDamagedFileFailsTheTask() throws Exception {
        Client c = newClient();
        String task = start(c, "compressimage");
        String good = upload(c, task, "good.jpg", jpeg(50, 50));
        String bad = upload(c, task, "bad.jpg", "not an image at all".getBytes(StandardCharsets.UTF_8));
        JsonNode done = json(send(c, "POST", "/v1/process", "application/json", JSON.writeValueAsBytes(Map.of(
                "task", task, "tool", "compressimage", "ignore_errors", false, "files", List.of(
                        Map.of("server_filename", good, "filename", "good.jpg"),
                        Map.of("server_filename", bad, "filename", "bad.jpg"))))), 200);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("TaskError");
        assertThat(done.path("status_message").asText()).contains("ignore_errors").contains("bad.jpg");
        assertThat(json(getRaw(c, "/v1/download/" + task), 400).at("/error/type").asText())
                .isEqualTo("DownloadError");
    }

    /**
     * file_encryption_key: the workers read and write the task's files under its key (handed to them sealed in the
     * messages), nothing of the task is readable from S3 without it, and the download is a plain copy that lives as
     * long as its link (ENCRYPTED_DOWNLOAD_SECONDS, 4 s here) and is then deleted through the delayed queue.
     */
    @Test
    void anEncryptedTaskIsProcessedUnderItsKeyAndDownloadedThroughAShortLivedPlainCopy() throws Exception {
        String key = "0123456789abcdef0123456789abcdef";
        Client plain = newClient();
        Client c = new Client(plain.project(), TaskApiEndToEndTest.keyedToken(plain.project(), key));
        Client otherKey = new Client(plain.project(), TaskApiEndToEndTest.keyedToken(plain.project(),
                "fedcba9876543210fedcba9876543210"));
        String task = start(c, "resizeimage");
        String first = upload(c, task, "north.jpg", jpeg(400, 200));
        String second = upload(c, task, "south.png", png(200, 400));
        byte[] request = JSON.writeValueAsBytes(Map.of("task", task, "tool", "resizeimage", "resize_mode",
                "percentage", "percentage", 50, "files", List.of(Map.of("server_filename", first, "filename",
                        "north.jpg"), Map.of("server_filename", second, "filename", "south.png"))));

        JsonNode wrong = json(send(otherKey, "POST", "/v1/process", "application/json", request), 400);
        assertThat(wrong.at("/error/reason").asText()).isEqualTo("wrong_file_encryption_key");
        JsonNode none = json(send(plain, "POST", "/v1/process", "application/json", request), 400);
        assertThat(none.at("/error/reason").asText()).isEqualTo("wrong_file_encryption_key");
        assertThat(json(get(c, "/v1/task/" + task), 200).path("status").asText()).isEqualTo("TaskWaiting");

        JsonNode done = json(send(c, "POST", "/v1/process", "application/json", request), 200);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("TaskSuccess");
        assertThat(done.path("output_filenumber").asInt()).isEqualTo(2);

        // Inputs, outputs and the ZIP are all stored under the key: a plain GetObject of any of them is refused.
        S3Client s3 = cloud.backend().s3();
        String bucket = cloud.provisioned().bucketName("TaskBucket");
        String prefix = TaskKeys.objectPrefix(plain.project().projectId(), task);
        List<String> stored = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
        assertThat(stored).anyMatch(k -> k.contains("/in/")).anyMatch(k -> k.contains("/out/files/"))
                .anyMatch(k -> k.endsWith("/out/download"));
        for (String objectKey : stored) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(
                    () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(objectKey))))
                    .as("a plain GET of %s", objectKey).isInstanceOf(S3Exception.class);
        }

        assertThat(json(getRaw(otherKey, "/v1/download/" + task), 400).at("/error/reason").asText())
                .isEqualTo("wrong_file_encryption_key");
        HttpResponse<String> redirect = getRaw(c, "/v1/download/" + task);
        assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
        URI location = URI.create(redirect.headers().firstValue("location").orElseThrow());
        assertThat(location.getPath()).contains("/plain/");
        HttpResponse<byte[]> zip = HttpClients.sendForBytes(HttpRequest.newBuilder(location)
                .timeout(Duration.ofSeconds(30)).build());
        assertThat(zip.statusCode()).isEqualTo(200);
        Map<String, byte[]> entries = unzip(zip.body());
        assertThat(entries.keySet()).containsExactly("north.jpg", "south.png");
        assertThat(size(entries.get("north.jpg"))).containsExactly(200, 100);
        assertThat(size(entries.get("south.png"))).containsExactly(100, 200);

        // The plain copy goes when its link expires; the encrypted output stays for the task's lifetime.
        String copies = TaskKeys.plainCopyPrefix(plain.project().projectId(), task);
        Instant until = Instant.now().plusSeconds(30);
        while (!s3.listObjectsV2(b -> b.bucket(bucket).prefix(copies)).contents().isEmpty()
                && Instant.now().isBefore(until)) {
            Thread.sleep(250);
        }
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix(copies)).contents()).as("plain copies").isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix + "out/download")).contents()).hasSize(1);

        // A deletion message can remove only a plain copy of its own task.
        String input = TaskKeys.inputObject(plain.project().projectId(), task, first);
        TaskCleanup cleanup = new TaskCleanup(store, new TaskObjects(s3, bucket));
        assertThat(cleanup.deletePlainCopy(new PlainCopyJob(plain.project().projectId(), task, input))).isFalse();
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix(input)).contents()).hasSize(1);
    }

    /**
     * SQS delivers at least once: the same message twice records nothing twice and finishes the task once; a
     * message whose earlier delivery claimed the completion and died takes it over.
     */
    @Test
    void redeliveredMessagesCompleteTheTaskExactlyOnce() throws Exception {
        Client c = newClient();
        String task = start(c, "rotateimage");
        String a = upload(c, task, "a.jpg", jpeg(40, 20));
        String b = upload(c, task, "b.jpg", jpeg(30, 20));
        String p = c.project().projectId();
        // Processing begun as /v1/process begins it, but without sending the messages: this test delivers them.
        Task waiting = store.tasks().find(p, task).orElseThrow();
        ProcessOrder order = new ProcessOrder("rotateimage", List.of(new ProcessOrder.FileOrder(a, "a.jpg", 90),
                new ProcessOrder.FileOrder(b, "b.jpg", 0)), true, null, null, true, "", Map.of(),
                Instant.now().toEpochMilli());
        assertThat(store.progress().beginProcessing(waiting, order.json(), 2, Instant.now(), Duration.ofHours(2))).isTrue();
        store.progress().markQueued(p, task); // as process marks it once its messages went

        assertThat(worker(p, task, a, "m-a", 1)).isEmpty();
        assertThat(worker(p, task, a, "m-a", 2)).as("the same message again").isEmpty();
        Task afterA = store.tasks().find(p, task).orElseThrow();
        assertThat(afterA.filesDone()).as("counted once").isEqualTo(1);
        assertThat(afterA.status().wire()).isEqualTo("TaskProcessing");

        // b's first delivery does its file (output stored, result recorded), claims the completion and dies
        // before finishing; its redelivery (same message id) takes the completion over.
        new TaskObjects(cloud.backend().s3(), cloud.provisioned().bucketName("TaskBucket")).put(
                TaskKeys.outputObject(p, task, "files/" + b + ".jpg"), jpeg(30, 20), Optional.empty());
        assertThat(store.progress().recordFileResult(p, task, b, FileStatus.FILE_SUCCESS, Optional.empty(),
                Optional.of(100L))).isTrue();
        assertThat(store.completion().claim(p, task, "m-b")).isTrue();
        assertThat(store.completion().claim(p, task, "m-other")).as("nobody else").isFalse();
        assertThat(store.tasks().find(p, task).orElseThrow().status().wire()).isEqualTo("TaskProcessing");
        assertThat(worker(p, task, b, "m-b", 2)).isEmpty();
        Task done = store.tasks().find(p, task).orElseThrow();
        assertThat(done.status().wire()).isEqualTo("TaskSuccess");
        assertThat(done.filesDone()).isEqualTo(2);
        assertThat(done.output().orElseThrow().outputFilenumber()).isEqualTo(2);

        // Every later delivery, of either message, changes nothing.
        Instant updated = done.updated();
        assertThat(worker(p, task, a, "m-a", 3)).isEmpty();
        assertThat(worker(p, task, b, "m-b", 3)).isEmpty();
        assertThat(worker(p, task, b, "m-new", 1)).isEmpty();
        assertThat(store.tasks().find(p, task).orElseThrow().updated()).isEqualTo(updated);
        Map<String, byte[]> entries = unzip(download(c, task).body());
        assertThat(entries.keySet()).containsExactly("a.jpg", "b.jpg");
        assertThat(size(entries.get("a.jpg"))).as("a, rotated").containsExactly(20, 40);
        assertThat(size(entries.get("b.jpg"))).containsExactly(30, 20);
    }

    /**
     * SQS out of reach once the task is TaskProcessing: the files whose messages could not be sent are UnknownError,
     * and the task still finishes: by its workers when some messages went (here the second batch of ten fails), by
     * process itself, TaskError, when none did. Nothing stays TaskProcessing until it expires, and the files that
     * were never queued go back to the month's allowance.
     */
    @Test
    void filesWhoseMessagesCouldNotBeSentEndAsUnknownErrorAndTheTaskStillFinishes() throws Exception {
        Client c = newClient();
        Caller caller = new Caller(c.project(), false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        try (SqsClient sqs = cloud.backend().sqs()) {
            // Eleven files: ten messages go in the first batch call, the eleventh's call fails.
            String some = start(c, "rotateimage");
            List<String> names = new java.util.ArrayList<>();
            for (int i = 0; i < 11; i++) {
                names.add(upload(c, some, "f" + i + ".jpg", jpeg(20, 10)));
            }
            TaskService.Details partly = processingOver(sqsFailingAfter(sqs, 1)).process(caller,
                    rotateAll(some, names));
            assertThat(partly.answerStatus()).isEqualTo("TaskSuccessWithWarnings");
            Map<String, String> statuses = TaskCalls.statuses(calls.view(c, some));
            assertThat(statuses.get(names.getLast())).isEqualTo("UnknownError");
            assertThat(statuses.values()).filteredOn("FileSuccess"::equals).hasSize(10);
            assertThat(unzip(download(c, some).body())).as("the ten rotated outputs").hasSize(10);
            // Eleven were counted in the month at process; the one no worker saw went back.
            dev.loupe.task.FileMonth month = dev.loupe.task.FileMonth.of(java.time.Instant.now());
            assertThat(store.months().used(c.project().projectId(), month)).isEqualTo(10);

            String none = start(c, "rotateimage");
            String a = upload(c, none, "a.jpg", jpeg(20, 10));
            TaskService.Details nothing = processingOver(sqsFailingAfter(sqs, 0)).process(caller,
                    rotateAll(none, List.of(a)));
            assertThat(nothing.answerStatus()).isEqualTo("TaskError");
            JsonNode view = calls.view(c, none);
            assertThat(view.path("status").asText()).isEqualTo("TaskError");
            assertThat(view.path("status_message").asText()).contains("could not be queued");
            assertThat(TaskCalls.statuses(view)).containsExactly(Map.entry(a, "UnknownError"));
            assertThat(store.months().used(c.project().projectId(), month)).as("processed nothing, counted nothing")
                    .isEqualTo(10);
        }
    }

    /**
     * A process call that dies between beginning processing and sending its messages (here: inside its first send,
     * an Error nothing catches) leaves the task TaskProcessing with nothing queued. Within process's timeout it may
     * still be sending, so it stays so; past the timeout the next read of its status (the task, or the list)
     * finishes it TaskError with every file UnknownError, once, and a file message arriving afterwards changes
     * nothing.
     */
    @Test
    void aTaskWhoseProcessCallDiedBeforeQueueingIsFinishedByTheNextReadOfItsStatus() throws Exception {
        Client c = newClient();
        Caller caller = new Caller(c.project(), false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        String p = c.project().projectId();
        // Process's clock a minute back: the call began longer ago than process's timeout (29 s in template.yaml).
        java.time.Clock minuteAgo = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofSeconds(-60));
        String died = start(c, "rotateimage");
        String a = upload(c, died, "a.jpg", jpeg(20, 10));
        String b = upload(c, died, "b.jpg", jpeg(20, 10));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> processingOver(dyingSqs(), minuteAgo)
                .process(caller, rotateAll(died, List.of(a, b)))).isInstanceOf(ProcessDied.class);
        String listed = start(c, "rotateimage");
        String l = upload(c, listed, "l.jpg", jpeg(20, 10));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> processingOver(dyingSqs(), minuteAgo)
                .process(caller, rotateAll(listed, List.of(l)))).isInstanceOf(ProcessDied.class);
        String recent = start(c, "rotateimage");
        String r = upload(c, recent, "r.jpg", jpeg(20, 10));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> processingOver(dyingSqs(), java.time.Clock
                .systemUTC()).process(caller, rotateAll(recent, List.of(r)))).isInstanceOf(ProcessDied.class);

        JsonNode stillRunning = calls.view(c, recent);
        assertThat(stillRunning.path("status").asText()).as("within process's timeout").isEqualTo("TaskProcessing");
        assertThat(TaskCalls.statuses(stillRunning)).containsExactly(Map.entry(r, "FileWaiting"));

        // Two readers at once: both see it finished, and it is finished once.
        var readers = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = readers.submit(() -> calls.view(c, died));
            var second = readers.submit(() -> calls.view(c, died));
            for (JsonNode view : List.of(first.get(), second.get())) {
                assertThat(view.path("status").asText()).isEqualTo("TaskError");
                assertThat(view.path("status_message").asText()).contains("stopped before the files were queued");
                assertThat(TaskCalls.statuses(view)).containsExactlyInAnyOrderEntriesOf(Map.of(a, "UnknownError",
                        b, "UnknownError"));
            }
            assertThat(first.get().path("updated").asText()).isEqualTo(second.get().path("updated").asText());
        } finally {
            readers.shutdownNow();
        }
        Task finished = store.tasks().find(p, died).orElseThrow();
        assertThat(finished.status().wire()).isEqualTo("TaskError");
        assertThat(finished.queued()).isFalse();

        // The list settles what it lists.
        JsonNode list = json(get(c, "/v1/task?secret_key=" + c.project().secretKey()), 200);
        JsonNode fromList = null;
        for (JsonNode entry : list) {
            if (entry.path("task").asText().equals(listed)) {
                fromList = entry;
            }
        }
        assertThat(fromList).isNotNull();
        assertThat(fromList.path("status").asText()).isEqualTo("TaskError");
        assertThat(store.files().find(p, listed, l).orElseThrow().status()).isEqualTo(FileStatus.UNKNOWN_ERROR);

        // A file message arriving late (sent just before the call died) is acknowledged and changes nothing.
        assertThat(worker(p, died, a, "late-a", 1)).isEmpty();
        assertThat(store.tasks().find(p, died).orElseThrow()).isEqualTo(finished);
        assertThat(TaskCalls.statuses(calls.view(c, died))).containsExactlyInAnyOrderEntriesOf(Map.of(
                a, "UnknownError", b, "UnknownError"));
        assertThat(json(get(c, "/v1/download/" + died), 400).at("/error/message").asText()).contains("TaskError");
    }

    /** What a process call dying mid-send looks like to the test: an Error that nothing in process catches. */
    private static final class ProcessDied extends Error {
        ProcessDied() {
            super("injected: the process function dies inside its first send");
        }
    }

    private static SqsClient dyingSqs() {
        return new SqsClient() {
            @Override
            public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
                throw new ProcessDied();
            }

            @Override
            public String serviceName() {
                return "sqs";
            }

            @Override
            public void close() {
            }
        };
    }

    private static TaskProcessing.Request rotateAll(String task, List<String> serverFilenames) {
        List<Map<String, String>> files = serverFilenames.stream()
                .map(sf -> Map.of("server_filename", sf, "rotate", "90")).toList();
        return new TaskProcessing.Request(task, files, Map.of("tool", "rotateimage"));
    }

    private static TaskProcessing processingOver(SqsClient sqs) {
        return processingOver(sqs, java.time.Clock.systemUTC());
    }

    private static TaskProcessing processingOver(SqsClient sqs, java.time.Clock clock) {
        return new TaskProcessing(store, new TaskObjects(cloud.backend().s3(), cloud.provisioned()
                .bucketName("TaskBucket")), new JobQueue(sqs, cloud.provisioned().queueUrl("TaskFileQueue")),
                new ProcessingTools(), cloud.backend().s3Presigner(), new TaskSettings(100_000_000, 100, 250,
                Duration.ofHours(2), Duration.ofSeconds(29)), Duration.ofSeconds(30), clock);
    }

    /** The local SQS for the first {@code batches} SendMessageBatch calls, then out of reach. */
    private static SqsClient sqsFailingAfter(SqsClient real, int batches) {
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        return new SqsClient() {
            @Override
            public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
                if (made.incrementAndGet() > batches) {
                    throw SdkClientException.create("injected: SQS is unreachable");
                }
                return real.sendMessageBatch(request);
            }

            @Override
            public String serviceName() {
                return "sqs";
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * A message that keeps failing for no fault of its file (here: a stored order the tool refuses) goes back to the
     * queue, and on its last delivery its file is recorded UnknownError, so that the task still completes.
     */
    @Test
    void aMessageThatKeepsFailingEndsAsUnknownErrorOnItsLastDelivery() throws Exception {
        Client c = newClient();
        String task = start(c, "resizeimage");
        String a = upload(c, task, "a.jpg", jpeg(40, 20));
        String p = c.project().projectId();
        ProcessOrder order = new ProcessOrder("resizeimage", List.of(new ProcessOrder.FileOrder(a, "a.jpg", 0)),
                true, null, null, true, "", Map.of("pixels_width", "-5"), Instant.now().toEpochMilli());
        assertThat(store.progress().beginProcessing(store.tasks().find(p, task).orElseThrow(), order.json(), 1, Instant.now(),
                Duration.ofHours(2))).isTrue();
        store.progress().markQueued(p, task); // as process marks it once its messages went

        assertThat(worker(p, task, a, "m-a", 1).findValuesAsText("itemIdentifier")).containsExactly("m-a");
        assertThat(worker(p, task, a, "m-a", 2).findValuesAsText("itemIdentifier")).containsExactly("m-a");
        assertThat(store.tasks().find(p, task).orElseThrow().status().wire()).isEqualTo("TaskProcessing");
        assertThat(worker(p, task, a, "m-a", 3)).as("the last delivery is acknowledged").isEmpty();

        JsonNode view = json(get(c, "/v1/task/" + task), 200);
        assertThat(view.path("status").asText()).isEqualTo("TaskError");
        assertThat(view.path("files").findValuesAsText("status")).containsExactly("UnknownError");
    }

    /**
     * A message whose worker is killed (timeout, out of memory) on its last delivery records nothing and goes to
     * TaskFileDeadLetterQueue; TaskFileDeadLetterFunction, fed by that queue, records its file UnknownError and
     * finishes the task, once: the same dead letter again changes nothing.
     */
    @Test
    void aDeadLetteredMessageEndsItsFileAsUnknownErrorAndTheTaskOnce() throws Exception {
        Client c = newClient();
        String task = start(c, "rotateimage");
        String a = upload(c, task, "a.jpg", jpeg(40, 20));
        String b = upload(c, task, "b.jpg", jpeg(30, 20));
        String p = c.project().projectId();
        ProcessOrder order = new ProcessOrder("rotateimage", List.of(new ProcessOrder.FileOrder(a, "a.jpg", 90),
                new ProcessOrder.FileOrder(b, "b.jpg", 0)), true, null, null, true, "", Map.of(),
                Instant.now().toEpochMilli());
        assertThat(store.progress().beginProcessing(store.tasks().find(p, task).orElseThrow(), order.json(), 2, Instant.now(),
                Duration.ofHours(2))).isTrue();
        store.progress().markQueued(p, task); // as process marks it once its messages went
        assertThat(worker(p, task, a, "m-a", 1)).isEmpty();
        assertThat(store.tasks().find(p, task).orElseThrow().status().wire()).isEqualTo("TaskProcessing");

        // b's worker never came back: SQS moves its message to the dead-letter queue, whose function gets it.
        String body = JSON.writeValueAsString(Map.of("project_id", p, "task_id", task, "server_filenames",
                List.of(b)));
        try (var sqs = cloud.backend().sqs()) {
            sqs.sendMessage(r -> r.queueUrl(cloud.provisioned().queueUrl("TaskFileDeadLetterQueue"))
                    .messageBody(body));
        }
        Task done = Eventually.value(Duration.ofSeconds(60), "the task finished by the dead-letter function", () ->
                store.tasks().find(p, task).filter(t -> t.status().finished()).orElse(null));
        assertThat(done.status().wire()).isEqualTo("TaskSuccessWithWarnings");
        assertThat(done.filesDone()).isEqualTo(2);
        assertThat(done.output().orElseThrow().statusMessage()).contains("b.jpg: UnknownError (Dead-lettered");
        assertThat(store.files().find(p, task, b).orElseThrow().statusMessage().orElseThrow()).startsWith("Dead-lettered");
        JsonNode view = json(get(c, "/v1/task/" + task), 200);
        Map<String, String> statuses = new LinkedHashMap<>();
        view.path("files").forEach(f -> statuses.put(f.path("server_filename").asText(), f.path("status").asText()));
        assertThat(statuses).containsEntry(a, "FileSuccess").containsEntry(b, "UnknownError");
        assertThat(size(download(c, task).body())).as("a alone, rotated").containsExactly(20, 40);

        // The dead letter again (SQS delivers at least once), and a late redelivery of either file: nothing changes.
        Instant updated = done.updated();
        assertThat(deadLetter(p, task, b, "m-dead", 2)).isEmpty();
        assertThat(worker(p, task, b, "m-b", 3)).isEmpty();
        assertThat(worker(p, task, a, "m-a", 2)).isEmpty();
        Task after = store.tasks().find(p, task).orElseThrow();
        assertThat(after.updated()).isEqualTo(updated);
        assertThat(after.filesDone()).isEqualTo(2);
        assertThat(store.files().find(p, task, b).orElseThrow().status()).isEqualTo(FileStatus.UNKNOWN_ERROR);
    }

    /**
     * A worker killed after it recorded its file and claimed the completion, on its last delivery: the dead letter
     * keeps the message's id, so it takes the claim over and finishes the task; another id can't.
     */
    @Test
    void aDeadLetterTakesOverTheCompletionItsWorkerClaimed() throws Exception {
        Client c = newClient();
        String task = start(c, "rotateimage");
        String a = upload(c, task, "a.jpg", jpeg(40, 20));
        String p = c.project().projectId();
        ProcessOrder order = new ProcessOrder("rotateimage", List.of(new ProcessOrder.FileOrder(a, "a.jpg", 0)),
                true, null, null, true, "", Map.of(), Instant.now().toEpochMilli());
        assertThat(store.progress().beginProcessing(store.tasks().find(p, task).orElseThrow(), order.json(), 1, Instant.now(),
                Duration.ofHours(2))).isTrue();
        store.progress().markQueued(p, task); // as process marks it once its messages went
        new TaskObjects(cloud.backend().s3(), cloud.provisioned().bucketName("TaskBucket")).put(
                TaskKeys.outputObject(p, task, "files/" + a + ".jpg"), jpeg(40, 20), Optional.empty());
        assertThat(store.progress().recordFileResult(p, task, a, FileStatus.FILE_SUCCESS, Optional.empty(),
                Optional.of(100L))).isTrue();
        assertThat(store.completion().claim(p, task, "m-a")).isTrue();

        assertThat(deadLetter(p, task, a, "m-other", 1)).isEmpty();
        assertThat(store.tasks().find(p, task).orElseThrow().status().wire()).as("not its claim").isEqualTo("TaskProcessing");
        assertThat(deadLetter(p, task, a, "m-a", 1)).isEmpty();
        Task done = store.tasks().find(p, task).orElseThrow();
        assertThat(done.status().wire()).isEqualTo("TaskSuccess");
        assertThat(store.files().find(p, task, a).orElseThrow().status()).as("its result kept").isEqualTo(
                FileStatus.FILE_SUCCESS);
        assertThat(size(download(c, task).body())).containsExactly(40, 20);
    }

    // ---------------------------------------------------------------- helpers

    /** Delivers one TaskFileQueue message to the worker; answers its batchItemFailures. */
    private static JsonNode worker(String projectId, String task, String serverFilename, String messageId,
                                   int receiveCount) throws Exception {
        return JSON.readTree(cloud.functions().invoke("TaskFileWorkerFunction", sqsEvent(projectId, task,
                serverFilename, messageId, receiveCount, "TaskFileQueue"))).path("batchItemFailures");
    }

    /** Delivers one TaskFileDeadLetterQueue message to its function; answers its batchItemFailures. */
    private static JsonNode deadLetter(String projectId, String task, String serverFilename, String messageId,
                                       int receiveCount) throws Exception {
        return JSON.readTree(cloud.functions().invoke("TaskFileDeadLetterFunction", sqsEvent(projectId, task,
                serverFilename, messageId, receiveCount, "TaskFileDeadLetterQueue"))).path("batchItemFailures");
    }

    private static String sqsEvent(String projectId, String task, String serverFilename, String messageId,
                                   int receiveCount, String queue) throws Exception {
        String body = JSON.writeValueAsString(Map.of("project_id", projectId, "task_id", task,
                "server_filenames", List.of(serverFilename)));
        return JSON.writeValueAsString(Map.of("Records", List.of(Map.of("messageId", messageId,
                "receiptHandle", "r", "body", body, "attributes", Map.of("ApproximateReceiveCount",
                        Integer.toString(receiveCount)), "messageAttributes", Map.of(), "eventSource", "aws:sqs",
                "eventSourceARN", cloud.provisioned().queueArn(queue), "awsRegion", "us-east-1"))));
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

    private static HttpResponse<String> getRaw(Client c, String path) throws Exception {
        return calls.send(c, "GET", path, null, null);
    }

    private static HttpResponse<String> send(Client c, String method, String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        return calls.send(c, method, path, contentType, body);
    }

    private static byte[] solid(int width, int height, Color color) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "jpg", out)).isTrue();
        return out.toByteArray();
    }
}
