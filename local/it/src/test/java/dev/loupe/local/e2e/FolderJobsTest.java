package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.testing.Eventually;
import dev.loupe.local.testing.SampleFolders;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.library.FolderExport;
import dev.loupe.library.Image;
import dev.loupe.library.LibraryKeys;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import dev.loupe.local.testing.HttpClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The folder jobs as they run in the local cloud: requests over HTTP, messages through ElasticMQ to the worker
 * functions, ZIPs through S3Proxy and presigned URLs on 127.0.0.1.
 */
@LoupeCloudTest
class FolderJobsTest {
    private static final ObjectMapper JSON = ProjectClient.JSON;
    private static final Duration JOB_TIME = Duration.ofMinutes(4);
    private static ProjectClient cloud;

    @BeforeAll
    static void start(ProjectClient shared) throws Exception {
        cloud = shared;
    }

    @Test
    void twoPurgesOfA250ImageFolderEmptyItThroughTheQueue() throws Exception {
        // A project of its own, seeded in batches before anything else writes to it
        // (SampleFolders.seedImagesInBatches).
        ProjectClient bulk = ProjectClient.newProject(cloud.cloud(), "bulk purge");
        String folderId = createFolder(bulk, "Bulk " + System.nanoTime());
        List<Image> seeded = SampleFolders.seedImagesInBatches(bulk, folderId, "bulk", 250);

        List<HttpResponse<String>> answers;
        try (var pool = Executors.newFixedThreadPool(2)) {
            List<Future<HttpResponse<String>>> asked = List.of(
                    pool.submit(() -> send(bulk, "DELETE", "/v1/folders/" + folderId + "/images", null)),
                    pool.submit(() -> send(bulk, "DELETE", "/v1/folders/" + folderId + "/images", null)));
            answers = List.of(asked.get(0).get(), asked.get(1).get());
        }
        List<Long> counted = new java.util.ArrayList<>();
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).isEqualTo(202);
            counted.add(json(answer).path("image_count").asLong());
            assertThat(json(answer).path("job_id").asText()).matches("[0-9a-z]{26}");
        }
        // Each answer counts the folder as it finds it: the first sees all 250, and the second may already find one
        // or more gone, because the first purge's worker can start before the second request counts.
        assertThat(counted).contains(250L).allSatisfy(count -> assertThat(count).isBetween(1L, 250L));
        assertThat(json(answers.get(0)).path("job_id")).isNotEqualTo(json(answers.get(1)).path("job_id"));

        Eventually.until(JOB_TIME, "the folder is empty", () -> imageCount(bulk, folderId) == 0);
        assertThat(json(send(bulk, "GET", "/v1/folders/" + folderId + "/images", null)).path("images")).isEmpty();
        for (Image image : seeded.subList(0, 5)) {
            assertThat(json(send(bulk, "GET", "/v1/images/" + image.imageId(), null)).at("/error/code").asText())
                    .isEqualTo("image_deleted");
        }
        try (var s3 = cloud.backend().s3()) {
            String prefix = LibraryKeys.THUMBNAILS_PREFIX + bulk.project().projectId() + "/bulk-";
            assertThat(s3.listObjectsV2(r -> r.bucket(cloud.provisioned().bucketName("ImageBucket"))
                    .prefix(prefix)).contents()).isEmpty();
        }
        assertThat(deadLetters("FolderPurgeDeadLetterQueue")).isZero();
        assertThat(send(bulk, "DELETE", "/v1/folders/" + folderId, null).statusCode()).isEqualTo(204);
    }

    @Test
    void aFolderDeletedWithItsImagesIsGoneAtOnceAndItsNameFreedOnceEmpty() throws Exception {
        // A project of its own, seeded in batches before anything else writes to it
        // (SampleFolders.seedImagesInBatches).
        ProjectClient leaving = ProjectClient.newProject(cloud.cloud(), "leaving");
        String name = "Leaving " + System.nanoTime();
        String folderId = createFolder(leaving, name);
        SampleFolders.seedImagesInBatches(leaving, folderId, "leaving", 30);

        assertThat(send(leaving, "DELETE", "/v1/folders/" + folderId, null).statusCode()).isEqualTo(409);
        HttpResponse<String> deleted = send(leaving, "DELETE", "/v1/folders/" + folderId + "?delete_images=true",
                null);
        assertThat(deleted.statusCode()).isEqualTo(202);
        assertThat(json(deleted).path("action").asText()).isEqualTo("delete_folder");
        assertThat(send(leaving, "GET", "/v1/folders/" + folderId, null).statusCode()).isEqualTo(404);
        assertThat(json(send(leaving, "GET", "/v1/folders", null)).path("folders").findValuesAsText("id"))
                .doesNotContain(folderId);

        HttpResponse<String> again = Eventually.value(JOB_TIME, "the name is free again", () -> {
            HttpResponse<String> created = send(leaving, "POST", "/v1/folders", "{\"name\":\"" + name + "\"}");
            return created.statusCode() == 201 ? created : null;
        });
        assertThat(json(again).path("id").asText()).isNotEqualTo(folderId);
        assertThat(deadLetters("FolderPurgeDeadLetterQueue")).isZero();
    }

    @Test
    void anExportHoldsExactlyTheFolderOriginalsUnderSafeUniqueNames() throws Exception {
        String folderId = createFolder("Trip: Lisbon " + System.nanoTime());
        Random random = new Random(42);
        Map<String, byte[]> expected = new LinkedHashMap<>();
        // Oldest first: the first "a.jpg" keeps its name; the others, whatever their case, are numbered.
        expected.put("a.jpg", seed(folderId, "x-a1", "a.jpg", randomBytes(random, 1_000)));
        expected.put("A (2).JPG", seed(folderId, "x-a2", "A.JPG", randomBytes(random, 3_500_000)));
        expected.put("a (3).jpg", seed(folderId, "x-a3", "a.jpg", randomBytes(random, 3_500_000)));
        expected.put("_evil_1.png", seed(folderId, "x-evil", "..\\evil:1.png", randomBytes(random, 2_000)));
        expected.put("big.bmp", seed(folderId, "x-big", "big.bmp", randomBytes(random, 3_000_000)));
        String otherFolder = createFolder("Elsewhere " + System.nanoTime());
        seed(otherFolder, "x-elsewhere", "elsewhere.jpg", randomBytes(random, 100));

        HttpResponse<String> started = send("POST", "/v1/folders/" + folderId + "/export", null);
        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(json(started).path("status").asText()).isEqualTo("pending");
        String exportId = json(started).path("export_id").asText();
        assertThat(started.headers().firstValue("location")).contains("/v1/exports/" + exportId);

        JsonNode ready = waitForExport(exportId);
        assertThat(ready.path("status").asText()).as(ready.toString()).isEqualTo("ready");
        assertThat(ready.path("image_count").asInt()).isEqualTo(5);

        HttpResponse<byte[]> download = download(ready.path("download_url").asText());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("content-disposition").orElse(""))
                .contains("attachment").contains("Trip_%20Lisbon%20");
        assertThat((long) download.body().length).isEqualTo(ready.path("size").asLong())
                // More than one 8 MiB part: the ZIP was streamed, not built in memory.
                .isGreaterThan(8L * 1024 * 1024);
        Map<String, byte[]> entries = unzip(download.body());
        assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(entries.get(name)).as(name).isEqualTo(bytes));

        // The same message again (SQS may deliver it twice): a ready export is not built again.
        String before = json(send("GET", "/v1/exports/" + exportId, null)).path("updated").asText();
        String result = cloud.functions().invoke("FolderExportWorkerFunction", sqsEvent(exportId));
        assertThat(JSON.readTree(result).path("batchItemFailures")).isEmpty();
        assertThat(json(send("GET", "/v1/exports/" + exportId, null)).path("updated").asText()).isEqualTo(before);
    }

    @Test
    void anExportThatCannotBeBuiltSaysWhy() throws Exception {
        String folderId = createFolder("Broken " + System.nanoTime());
        seed(folderId, "x-fine", "fine.jpg", new byte[]{1, 2, 3});
        Image lost = SampleFolders.seedImage(cloud, folderId, "x-lost", "lost.jpg", new byte[]{4, 5, 6});
        try (var s3 = cloud.backend().s3()) {
            s3.deleteObject(r -> r.bucket(cloud.provisioned().bucketName("ImageBucket")).key(lost.objectKey()));
        }

        String exportId = json(send("POST", "/v1/folders/" + folderId + "/export", null)).path("export_id").asText();
        JsonNode failed = waitForExport(exportId);

        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("failure").asText()).contains("x-lost").contains("lost.jpg").contains("missing");
        assertThat(failed.has("download_url")).isFalse();
        assertThat(deadLetters("FolderExportDeadLetterQueue")).isZero();
    }

    @Test
    void anExportWhoseWorkerDiedThreeTimesIsMarkedFailedByTheDeadLetterConsumer() throws Exception {
        // As a build left it when its worker was killed: building, attempt 3, its message now in the DLQ.
        String building = "dlq-building-" + System.nanoTime();
        SampleFolders.seedExport(cloud, building, SampleFolders.SAMPLE_FOLDER_ID, SampleFolders.SAMPLE_FOLDER_NAME,
                FolderExport.Status.BUILDING);
        String ready = "dlq-ready-" + System.nanoTime();
        SampleFolders.seedExport(cloud, ready, SampleFolders.SAMPLE_FOLDER_ID, SampleFolders.SAMPLE_FOLDER_NAME,
                FolderExport.Status.READY);

        for (String exportId : List.of(building, ready, "dlq-gone-" + System.nanoTime())) {
            String result = cloud.functions().invoke("FolderExportDeadLetterFunction", sqsEvent(exportId));
            assertThat(JSON.readTree(result).path("batchItemFailures")).as(exportId).isEmpty();
        }

        JsonNode failed = json(send("GET", "/v1/exports/" + building, null));
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("failure").asText()).contains("stopped before it finished, three times")
                .contains("start a new export");
        // a build that finished after all is left as it is
        assertThat(json(send("GET", "/v1/exports/" + ready, null)).path("status").asText()).isEqualTo("ready");
    }

    @Test
    void anotherProjectSeesNeitherTheFolderNorItsExport() throws Exception {
        String folderId = createFolder("Mine " + System.nanoTime());
        String exportId = json(send("POST", "/v1/folders/" + folderId + "/export", null)).path("export_id").asText();
        Project other = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), "other", List.of());
        cloud.projects().create(other, java.time.Instant.now());
        String token = TokenIssuer.backendToken(other, java.time.Clock.systemUTC(), null, null, null);

        for (String[] call : new String[][]{{"GET", "/v1/folders/" + folderId}, {"PATCH", "/v1/folders/" + folderId},
                {"DELETE", "/v1/folders/" + folderId}, {"GET", "/v1/folders/" + folderId + "/images"},
                {"DELETE", "/v1/folders/" + folderId + "/images"}, {"POST", "/v1/folders/" + folderId + "/export"},
                {"GET", "/v1/exports/" + exportId}}) {
            HttpResponse<String> response = HttpClients.send(cloud.baseUri(), call[0], call[1], token,
                    "application/json", call[0].equals("PATCH") ? "{\"name\":\"x\"}" : null, null);
            assertThat(response.statusCode()).as("%s %s", call[0], call[1]).isEqualTo(404);
        }
        assertThat(imageCount(folderId)).isZero();
    }

    // ---------------------------------------------------------------- helpers

    private static HttpResponse<String> send(String method, String path, String json) {
        return send(cloud, method, path, json);
    }

    private static HttpResponse<String> send(ProjectClient client, String method, String path, String json) {
        try {
            return HttpClients.send(client.baseUri(), method, path, client.token(),
                    json == null ? null : "application/json", json, null);
        } catch (Exception e) {
            throw new AssertionError(method + " " + path, e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static String createFolder(String name) {
        return createFolder(cloud, name);
    }

    private static String createFolder(ProjectClient client, String name) {
        HttpResponse<String> created = send(client, "POST", "/v1/folders", "{\"name\":\"" + name + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).path("id").asText();
    }

    private static long imageCount(String folderId) {
        return imageCount(cloud, folderId);
    }

    private static long imageCount(ProjectClient client, String folderId) {
        return json(send(client, "GET", "/v1/folders/" + folderId, null)).path("image_count").asLong();
    }

    private static byte[] seed(String folderId, String imageId, String fileName, byte[] bytes) {
        SampleFolders.seedImage(cloud, folderId, imageId + "-" + System.nanoTime(), fileName, bytes);
        return bytes;
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static JsonNode waitForExport(String exportId) {
        return Eventually.value(JOB_TIME, "export " + exportId + " is finished", () -> {
            JsonNode export = json(send("GET", "/v1/exports/" + exportId, null));
            String status = export.path("status").asText();
            return status.equals("ready") || status.equals("failed") ? export : null;
        });
    }

    /** A presigned URL from S3Proxy: on loopback, like every request of the tests. */
    private static HttpResponse<byte[]> download(String url) throws Exception {
        URI uri = URI.create(url);
        assertThat(uri.getHost()).isEqualTo("127.0.0.1");
        return HttpClients.getBytes(uri);
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                assertThat(entries.put(entry.getName(), in.readAllBytes())).as("entry %s twice", entry.getName())
                        .isNull();
            }
        }
        return entries;
    }

    private static int deadLetters(String queueId) {
        try (var sqs = cloud.backend().sqs()) {
            var attributes = sqs.getQueueAttributes(r -> r.queueUrl(cloud.provisioned().queueUrl(queueId))
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return attributes.values().stream().mapToInt(Integer::parseInt).sum();
        }
    }

    private static String sqsEvent(String exportId) throws Exception {
        String body = JSON.writeValueAsString(Map.of("project_id", cloud.project().projectId(),
                "export_id", exportId));
        return JSON.writeValueAsString(Map.of("Records", List.of(Map.of("messageId", "again-" + exportId,
                "receiptHandle", "r", "body", body, "attributes", Map.of("ApproximateReceiveCount", "2"),
                "messageAttributes", Map.of(), "eventSource", "aws:sqs",
                "eventSourceARN", cloud.provisioned().queueArn("FolderExportQueue"), "awsRegion", "us-east-1"))));
    }
}
