package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.local.LocalCloud;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.testing.Multipart;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.task.FileKey;
import dev.loupe.task.TaskKeys;
import dev.loupe.task.TaskObjects;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The task API before processing, over HTTP on the local cloud, as the task API's clients call it: start, upload
 * (multipart, chunks, cloud_file), remove an upload, view, list, delete, info, the limits, the file encryption key,
 * and every route with another project's ids. Each test has a project of its own; the cloud runs with low limits
 * (3 files a task, 2 open tasks from a monthly allowance of 20 files, 3 MB a file) so that the limits are reached
 * quickly.
 */
class TaskApiEndToEndTest {
    private static final ObjectMapper JSON = ProjectClient.JSON;
    private static final int MAX_FILE_BYTES = 3 * 1024 * 1024;
    private static LoupeCloud cloud;
    private static S3Client s3;
    private static String bucket;

    @BeforeAll
    static void start() throws Exception {
        // A cloud of its own, not the shared one (SharedLoupeCloud): limits small enough to reach (3 files, 2 open
        // tasks as 10% of a monthly allowance of 20 files, a small file size).
        cloud = LoupeCloud.start(LocalCloud.Options.forTests(LoupeRoot.path()).withEnvironment(Map.of(
                "TASK_MAX_FILES", "3", "TASK_MONTHLY_FILES", "20",
                "TASK_MAX_FILE_BYTES", Integer.toString(MAX_FILE_BYTES))));
        s3 = cloud.backend().s3();
        bucket = cloud.provisioned().bucketName("TaskBucket");
    }

    @AfterAll
    static void stop() {
        if (s3 != null) s3.close();
        if (cloud != null) cloud.close();
    }

    /** A project of the test's own, and its backend token. */
    private record Client(Project project, String token) {
        Client withKey(String key) {
            return new Client(project, keyedToken(project, key));
        }
    }

    private static Client newClient() {
        Project project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), "tasks", List.of());
        cloud.projects().create(project, Instant.now());
        return new Client(project, TokenIssuer.backendToken(project, Clock.systemUTC(), null, null, null));
    }

    @Test
    void aTaskIsStartedFilledEmptiedViewedAndDeleted() throws Exception {
        Client c = newClient();
        HttpResponse<String> started = get(c, "/v1/start/resizeimage");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        JsonNode start = JSON.readTree(started.body());
        String task = start.path("task").asText();
        assertThat(task).matches("[a-z2-7]{26}");
        assertThat(start.path("server").asText()).isEqualTo("127.0.0.1:" + cloud.baseUri().getPort());
        assertThat(start.path("remaining_files").asInt()).isEqualTo(3);

        byte[] photo = random(40_000, 1);
        String first = serverFilename(upload(c, new Multipart().field("task", task).field("v", "php1.0")
                .part("file", "beach.jpg", "image/jpeg", photo)));
        String second = serverFilename(upload(c, new Multipart().field("task", task)
                .part("file", "dunes.png", "image/png", random(1000, 2))));
        assertThat(first).endsWith(".jpg").isNotEqualTo(second);
        assertThat(object(c, task, first, Optional.empty())).isEqualTo(photo);

        JsonNode view = json(get(c, "/v1/task/" + task), 200);
        assertThat(view.path("status").asText()).isEqualTo("TaskWaiting");
        assertThat(view.path("tool").asText()).isEqualTo("resizeimage");
        assertThat(view.path("file_number").asInt()).isEqualTo(2);
        assertThat(view.path("files").findValuesAsText("filename")).containsExactlyInAnyOrder("beach.jpg",
                "dunes.png");
        assertThat(view.path("files").findValuesAsText("status")).containsOnly("FileWaiting");

        // Both forms of removing an upload; a second removal finds nothing.
        assertThat(json(send(c, "DELETE", "/v1/upload/" + task + "/" + first, null, null), 200)
                .path("success").asBoolean()).isTrue();
        assertThat(json(send(c, "POST", "/v1/upload/delete", "application/x-www-form-urlencoded",
                ("task=" + task + "&server_filename=" + second + "&v=php1.0").getBytes(StandardCharsets.UTF_8)), 200)
                .path("success").asBoolean()).isTrue();
        assertThat(json(send(c, "DELETE", "/v1/upload/" + task + "/" + first, null, null), 404)
                .at("/error/reason").asText()).isEqualTo("ServerFileNotFound");
        assertThat(json(get(c, "/v1/task/" + task), 200).path("file_number").asInt()).isZero();
        assertThat(keysOf(c, task)).isEmpty();

        String third = serverFilename(upload(c, new Multipart().field("task", task)
                .part("file", "again.jpg", "image/jpeg", photo)));
        JsonNode deleted = json(send(c, "DELETE", "/v1/task/" + task, null, null), 200);
        assertThat(deleted.path("status").asText()).as("a waiting task's deletion").isEqualTo("UploadDeleted");
        assertThat(deleted.path("task").asText()).isEqualTo(task);
        assertThat(deleted.has("download_filename")).isTrue();
        assertThat(keysOf(c, task)).as("its objects went with it").isEmpty();
        assertThat(json(send(c, "DELETE", "/v1/task/" + task, null, null), 404).at("/error/reason").asText())
                .isEqualTo("TaskNotFound");
        assertThat(json(get(c, "/v1/task/" + task), 404).at("/error/code").asInt()).isEqualTo(404);
        assertThat(third).isNotBlank();
    }

    @Test
    void chunksSentInOrderBecomeOneFile() throws Exception {
        Client c = newClient();
        String task = json(get(c, "/v1/start/compressimage"), 200).path("task").asText();
        byte[] file = random(2 * 1024 * 1024 + 512 * 1024, 3);
        int size = 1024 * 1024;
        String serverFilename = null;
        for (int i = 0; i < 3; i++) {
            byte[] chunk = Arrays.copyOfRange(file, i * size, Math.min(file.length, (i + 1) * size));
            serverFilename = serverFilename(upload(c, new Multipart().field("task", task)
                    .field("chunk", Integer.toString(i)).field("chunks", "3")
                    .part("file", "large.jpg", "image/jpeg", chunk)));
        }
        assertThat(object(c, task, serverFilename, Optional.empty())).isEqualTo(file);
        JsonNode view = json(get(c, "/v1/task/" + task), 200);
        assertThat(view.path("files").get(0).path("filesize").asLong()).isEqualTo(file.length);

        // A last chunk whose predecessors are missing is the task API's error.
        HttpResponse<String> gap = upload(c, new Multipart().field("task", task).field("chunk", "2")
                .field("chunks", "3").part("file", "other.jpg", "image/jpeg", random(10, 4)));
        assertThat(json(gap, 400).at("/error/type").asText()).isEqualTo("UploadError");
        assertThat(json(gap, 400).at("/error/reason").asText()).isEqualTo("missing_chunks");
    }

    @Test
    void aCloudFileInsideTheNetworkIsRefusedBeforeAnyConnection() throws Exception {
        Client c = newClient();
        String task = json(get(c, "/v1/start/convertimage"), 200).path("task").asText();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int[] hits = {0};
        server.createContext("/", exchange -> {
            hits[0]++;
            exchange.sendResponseHeaders(200, 1);
            exchange.getResponseBody().write(1);
            exchange.close();
        });
        server.start();
        try {
            // The functions run with the production policy: public addresses only (the service test allows loopback).
            HttpResponse<String> refused = send(c, "POST", "/v1/upload", "application/json", JSON.writeValueAsBytes(
                    Map.of("task", task, "cloud_file", "http://127.0.0.1:" + server.getAddress().getPort() + "/a.jpg")));
            JsonNode error = json(refused, 400);
            assertThat(error.at("/error/type").asText()).isEqualTo("UploadError");
            assertThat(error.at("/error/reason").asText()).isEqualTo("forbidden_address");
            assertThat(error.at("/error/param").asText()).isEqualTo("cloud_file");
            assertThat(hits[0]).isZero();
        } finally {
            server.stop(0);
        }
        assertThat(json(get(c, "/v1/task/" + task), 200).path("file_number").asInt()).isZero();
    }

    @Test
    void unknownToolsMissingParametersAndDebugAnswerTheReferencesWay() throws Exception {
        Client c = newClient();
        JsonNode unknown = json(get(c, "/v1/start/pdfmerge"), 400);
        assertThat(unknown.at("/error/type").asText()).isEqualTo("ProcessingError");
        assertThat(unknown.at("/error/param").asText()).isEqualTo("tool");
        assertThat(unknown.at("/error/message").asText()).contains("resizeimage");

        JsonNode noTask = json(upload(c, new Multipart().part("file", "a.jpg", "image/jpeg", random(5, 5))), 400);
        assertThat(noTask.at("/error/type").asText()).isEqualTo("UploadError");
        assertThat(noTask.at("/error/param").asText()).isEqualTo("task");

        JsonNode echoed = json(get(c, "/v1/start/resizeimage?debug=true&v=php1.0"), 200);
        assertThat(echoed.path("debug").asBoolean()).isTrue();
        assertThat(echoed.at("/params/v").asText()).isEqualTo("php1.0");
        JsonNode uploadEcho = json(upload(c, new Multipart().field("task", "anything").field("debug", "true")
                .part("file", "a.jpg", "image/jpeg", random(7, 6))), 200);
        assertThat(uploadEcho.at("/files/0/size").asInt()).isEqualTo(7);
        assertThat(json(send(c, "DELETE", "/v1/task/none?debug=true", null, null), 200).path("method").asText())
                .isEqualTo("DELETE");
        assertThat(list(c, "", 200)).as("debug started no task").isEmpty();

        // Without a token, nothing at all.
        assertThat(send(new Client(c.project(), null), "GET", "/v1/start/resizeimage", null, null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void theListIsNewestFirstFiftyAPageFilteredAndForTheSecretKeyOnly() throws Exception {
        Client c = newClient();
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 52; i++) {
            started.add(json(get(c, "/v1/start/" + (i % 4 == 0 ? "cropimage" : "resizeimage")), 200)
                    .path("task").asText());
        }
        List<String> newestFirst = started.reversed();
        JsonNode first = list(c, "", 200);
        assertThat(first).hasSize(50);
        assertThat(first.findValuesAsText("task")).isEqualTo(newestFirst.subList(0, 50));
        assertThat(list(c, "&page=2", 200).findValuesAsText("task")).isEqualTo(newestFirst.subList(50, 52));
        assertThat(list(c, "&page=3", 200)).isEmpty();
        assertThat(list(c, "&tool=cropimage", 200).findValuesAsText("task"))
                .isEqualTo(newestFirst.stream().filter(t -> started.indexOf(t) % 4 == 0).toList());
        assertThat(list(c, "&status=TaskWaiting&page=2", 200)).hasSize(2);
        assertThat(list(c, "&status=TaskSuccess", 200)).isEmpty();
        assertThat(list(c, "&custom_int=7", 200)).isEmpty();
        list(c, "&status=Finished", 400);

        // One client sends the list as multipart POST.
        Multipart form = new Multipart().field("secret_key", c.project().secretKey()).field("tool", "cropimage")
                .field("page", "1").field("v", "php1.0");
        HttpResponse<String> posted = send(c, "POST", "/v1/task", form.contentType(), form.bytes());
        assertThat(JSON.readTree(posted.body())).hasSize(13);

        // The secret key is required, and a browser token is refused even with it.
        assertThat(JSON.readTree(send(c, "GET", "/v1/task", null, null).body()).at("/error/code").asInt())
                .isEqualTo(401);
        assertThat(send(c, "GET", "/v1/task?secret_key=secret_key_wrong", null, null).statusCode()).isEqualTo(401);
        Client browser = new Client(c.project(), TokenIssuer.browserToken(c.project(), Clock.systemUTC()));
        assertThat(send(browser, "GET", "/v1/task?secret_key=" + c.project().secretKey(), null, null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void theLimitsOfFilesFileSizeAndOpenTasksAnswerAsTheReferenceDoes() throws Exception {
        Client c = newClient();
        String task = json(get(c, "/v1/start/resizeimage"), 200).path("task").asText();
        for (int i = 0; i < 3; i++) {
            serverFilename(upload(c, new Multipart().field("task", task).part("file", i + ".jpg", "image/jpeg",
                    random(100, i))));
        }
        JsonNode fourth = json(upload(c, new Multipart().field("task", task).part("file", "3.jpg", "image/jpeg",
                random(100, 3))), 400);
        assertThat(fourth.at("/error/type").asText()).isEqualTo("UploadError");
        assertThat(fourth.at("/error/reason").asText()).isEqualTo("too_many_files");

        String second = json(get(c, "/v1/start/resizeimage"), 200).path("task").asText();
        JsonNode tooLarge = json(upload(c, new Multipart().field("task", second).part("file", "big.jpg",
                "image/jpeg", random(MAX_FILE_BYTES + 1, 9))), 400);
        assertThat(tooLarge.at("/error/reason").asText()).isEqualTo("file_too_large");
        assertThat(json(get(c, "/v1/info"), 200).path("open_tasks").asInt()).isEqualTo(2);

        String third = json(get(c, "/v1/start/resizeimage"), 200).path("task").asText();
        JsonNode open = json(upload(c, new Multipart().field("task", third).part("file", "a.jpg", "image/jpeg",
                random(10, 10))), 400);
        assertThat(open.at("/error/reason").asText()).isEqualTo("too_many_open_tasks");
        assertThat(open.at("/error/message").asText()).contains("Close some");
        assertThat(json(get(c, "/v1/task/" + third), 200).path("file_number").asInt()).isZero();

        // Closing one (deleting it) makes room at once.
        json(send(c, "DELETE", "/v1/task/" + task, null, null), 200);
        serverFilename(upload(c, new Multipart().field("task", third).part("file", "a.jpg", "image/jpeg",
                random(10, 10))));
        JsonNode info = json(get(c, "/v1/info"), 200);
        assertThat(info.path("remaining_files").asInt()).isEqualTo(3);
        assertThat(info.path("open_tasks").asInt()).isEqualTo(2);
        assertThat(info.path("max_open_tasks").asInt()).isEqualTo(2);
    }

    @Test
    void filesOfATaskWithAnEncryptionKeyAreStoredUnderItAndUnreadableWithoutIt() throws Exception {
        String key = "Correct-Horse-Battery-Staple-32!";
        Client c = newClient();
        Client keyed = c.withKey(key);
        String task = json(get(keyed, "/v1/start/watermarkimage"), 200).path("task").asText();
        byte[] secret = random(20_000, 11);
        String serverFilename = serverFilename(upload(keyed, new Multipart().field("task", task)
                .part("file", "private.jpg", "image/jpeg", secret)));

        assertThat(object(c, task, serverFilename, Optional.of(FileKey.of(key)))).isEqualTo(secret);
        String objectKey = TaskKeys.inputObject(c.project().projectId(), task, serverFilename);
        S3Exception refused = org.assertj.core.api.Assertions.catchThrowableOfType(S3Exception.class,
                () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(objectKey)));
        assertThat(refused).as("a plain GetObject of an SSE-C object").isNotNull();
        assertThat(refused.statusCode()).isBetween(400, 499);

        JsonNode withoutKey = json(upload(c, new Multipart().field("task", task).part("file", "b.jpg", "image/jpeg",
                secret)), 400);
        assertThat(withoutKey.at("/error/param").asText()).isEqualTo("file_encryption_key");
        JsonNode badLength = json(get(c.withKey("fifteen chars!!"), "/v1/start/resizeimage"), 400);
        assertThat(badLength.at("/error/reason").asText()).isEqualTo("bad_file_encryption_key");
        assertThat(json(get(c, "/v1/task/" + task), 200).path("file_number").asInt()).isEqualTo(1);
    }

    @Test
    void everyRouteAnswersNotFoundForAnotherProjectsTask() throws Exception {
        Client owner = newClient();
        Client other = newClient();
        String task = json(get(owner, "/v1/start/rotateimage"), 200).path("task").asText();
        byte[] photo = random(500, 12);
        String serverFilename = serverFilename(upload(owner, new Multipart().field("task", task)
                .part("file", "mine.jpg", "image/jpeg", photo)));

        List<HttpResponse<String>> answers = List.of(
                get(other, "/v1/task/" + task),
                send(other, "DELETE", "/v1/task/" + task, null, null),
                upload(other, new Multipart().field("task", task).part("file", "x.jpg", "image/jpeg", photo)),
                upload(other, new Multipart().field("task", task).field("chunk", "0").field("chunks", "2")
                        .part("file", "x.jpg", "image/jpeg", photo)),
                send(other, "POST", "/v1/upload", "application/json", JSON.writeValueAsBytes(
                        Map.of("task", task, "cloud_file", "https://example.com/a.jpg"))),
                send(other, "DELETE", "/v1/upload/" + task + "/" + serverFilename, null, null),
                send(other, "POST", "/v1/upload/delete", "application/json", JSON.writeValueAsBytes(
                        Map.of("task", task, "server_filename", serverFilename))));
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.request().method() + " " + answer.uri() + ": " + answer.body())
                    .isEqualTo(404);
            assertThat(JSON.readTree(answer.body()).at("/error/reason").asText()).isEqualTo("TaskNotFound");
        }
        assertThat(list(other, "", 200)).isEmpty();
        assertThat(list(owner, "", 200).findValuesAsText("task")).containsExactly(task);

        JsonNode intact = json(get(owner, "/v1/task/" + task), 200);
        assertThat(intact.path("file_number").asInt()).isEqualTo(1);
        assertThat(object(owner, task, serverFilename, Optional.empty())).isEqualTo(photo);
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode list(Client c, String query, int status) throws Exception {
        return json(get(c, "/v1/task?secret_key=" + c.project().secretKey() + query), status);
    }

    private static HttpResponse<String> get(Client c, String path) throws Exception {
        return send(c, "GET", path, null, null);
    }

    private static HttpResponse<String> upload(Client c, Multipart body) throws Exception {
        return send(c, "POST", "/v1/upload", body.contentType(), body.bytes());
    }

    private static HttpResponse<String> send(Client c, String method, String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(60)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (c.token() != null) request.header("Authorization", "Bearer " + c.token());
        if (contentType != null) request.header("Content-Type", contentType);
        return HttpClients.send(request.build());
    }

    private static String serverFilename(HttpResponse<String> response) throws IOException {
        return json(response, 200).path("server_filename").asText();
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static byte[] object(Client c, String task, String serverFilename, Optional<FileKey> key) {
        return new TaskObjects(s3, bucket).get(TaskKeys.inputObject(c.project().projectId(), task, serverFilename),
                key);
    }

    private static List<String> keysOf(Client c, String task) {
        return new TaskObjects(s3, bucket).keysUnder(TaskKeys.objectPrefix(c.project().projectId(), task));
    }

    /** A backend token with the task API's file_encryption_key claim, as a client library signs it. */
    static String keyedToken(Project project, String fileEncryptionKey) {
        Instant now = Instant.now();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                    .jwtID(project.publicKey()).issueTime(Date.from(now.minusSeconds(5)))
                    .expirationTime(Date.from(now.plusSeconds(3600)))
                    .claim("file_encryption_key", fileEncryptionKey).build());
            jwt.sign(new MACSigner(project.secretKey().getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
