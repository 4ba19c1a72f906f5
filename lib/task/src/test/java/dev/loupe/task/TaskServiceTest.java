package dev.loupe.task;

import dev.loupe.imaging.tools.FileStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;
import dev.loupe.auth.Caller;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.fetch.AddressPolicy;
import dev.loupe.fetch.SafeFetcher;
import dev.loupe.fetch.TestFetchers;
import dev.loupe.core.http.ApiError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The task service against DynamoDB Local and S3Proxy with the template's TasksTable and TaskBucket: chunked uploads
 * assembled into multipart uploads (small chunks concatenated, large ones copied inside S3), SSE-C under a task's
 * file_encryption_key, cloud_file from a JDK HttpServer on 127.0.0.1 (the fetcher's policy lets exactly that loopback
 * address through; host names go through a fake resolver), and the store's processing writes.
 */
@ExtendWith(SharedEmulators.class)
class TaskServiceTest {
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
    private static final int MIB = 1024 * 1024;

    private static DynamoDbClient dynamo;
    private static S3Client s3;
    private static String table;
    private static String bucket;

    private final Project project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
            ProjectKeys.newSecretKey(), "tasks", List.of());
    private final Caller caller = caller(Optional.empty());
    private final List<InetSocketAddress> connects = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private SafeFetcher fetcher;
    private TaskStore store;
    private TaskObjects objects;
    private TaskService service;

    @BeforeAll
    static void provision(Emulators emulators) {
        Backend backend = Backend.of(emulators);
        dynamo = backend.dynamoDb();
        s3 = backend.s3();
        Provisioned provisioned;
        try (var sqs = backend.sqs()) {
            provisioned = new Provisioner(dynamo, sqs, s3).provision(Fixtures.loupeTemplate());
        }
        table = provisioned.tableName("TasksTable");
        bucket = provisioned.bucketName("TaskBucket");
    }

    @AfterAll
    static void close() {
        dynamo.close();
        s3.close();
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        server.start();
        fetcher = TestFetchers.watched(AddressPolicy.PUBLIC_ONLY.allowing(server.getAddress()), host -> {
            if (host.equals("files.test")) {
                return new InetAddress[] {LOOPBACK};
            }
            throw new UnknownHostException(host);
        }, SafeFetcher.Limits.DEFAULTS.withMaxBytes(20 * MIB), address -> {
            connects.add(address);
            if (!address.getAddress().isLoopbackAddress()) {
                throw new AssertionError("a test connection to " + address);
            }
        });
        store = new TaskStore(dynamo, table);
        objects = new TaskObjects(s3, bucket);
        service = new TaskService(store, objects, () -> fetcher::fetch,
                new TaskSettings(20L * MIB, 5, 30, Duration.ofHours(2), Duration.ofSeconds(29)), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.stop(0);
        fetcher.close();
    }

    @Test
    void smallChunksAreConcatenatedIntoPartsOfAtLeastFiveMiB() {
        byte[] file = random(12 * MIB + 12345, 1);
        String task = service.start(caller, "resizeimage", "api.test").task();
        int size = MIB;
        int chunks = (file.length + size - 1) / size;
        String serverFilename = null;
        for (int i = 0; i < chunks; i++) {
            byte[] chunk = java.util.Arrays.copyOfRange(file, i * size, Math.min(file.length, (i + 1) * size));
            String answer = service.upload(caller, task, new TaskService.Chunk("big photo.jpg", chunk, i, chunks),
                    Optional.empty());
            assertThat(serverFilename == null || serverFilename.equals(answer)).isTrue();
            serverFilename = answer;
            if (i < chunks - 1) {
                assertThat(store.files().list(project.projectId(), task)).as("no file before the last chunk").isEmpty();
            }
        }
        assertThat(serverFilename).matches("[a-z2-7]{26}\\.jpg");
        assertThat(objects.get(TaskKeys.inputObject(project.projectId(), task, serverFilename), Optional.empty()))
                .isEqualTo(file);
        TaskFile stored = store.files().list(project.projectId(), task).getFirst();
        assertThat(stored.size()).isEqualTo(file.length);
        assertThat(stored.filename()).isEqualTo("big photo.jpg");
        assertThat(objects.keysUnder(TaskKeys.objectPrefix(project.projectId(), task)))
                .as("the chunks are gone once assembled").containsExactly(
                        TaskKeys.inputObject(project.projectId(), task, serverFilename));
    }

    @Test
    void largeChunksAreCopiedInsideS3AndTheFileIsEncryptedUnderTheTaskKey() {
        String key = "0123456789abcdef0123456789abcdef";
        Caller keyed = caller(Optional.of(key));
        // 5.5 MiB, 1 MiB, 6 MiB, 0.5 MiB: copied, concatenated with the next, copied... every path of assemble.
        int[] sizes = {11 * MIB / 2, MIB, 6 * MIB, MIB / 2};
        byte[] file = random(java.util.Arrays.stream(sizes).sum(), 2);
        String task = service.start(keyed, "compressimage", "api.test").task();
        String serverFilename = null;
        int offset = 0;
        for (int i = 0; i < sizes.length; i++) {
            byte[] chunk = java.util.Arrays.copyOfRange(file, offset, offset + sizes[i]);
            offset += sizes[i];
            serverFilename = service.upload(keyed, task, new TaskService.Chunk("scan.png", chunk, i, sizes.length),
                    Optional.empty());
        }
        String objectKey = TaskKeys.inputObject(project.projectId(), task, serverFilename);
        assertThat(objects.get(objectKey, Optional.of(FileKey.of(key)))).isEqualTo(file);
        // Without the key, S3 refuses to read it; with another key too.
        assertThatThrownBy(() -> objects.get(objectKey, Optional.empty())).isInstanceOf(S3Exception.class);
        assertThatThrownBy(() -> objects.get(objectKey, Optional.of(FileKey.of("another key 16ch"))))
                .isInstanceOf(S3Exception.class);
    }

    @Test
    void aWholeFileOfAnEncryptedTaskIsUnreadableWithoutItsKeyAndOtherKeysAreRefused() {
        String key = "k".repeat(24);
        Caller keyed = caller(Optional.of(key));
        String task = service.start(keyed, "rotateimage", "api.test").task();
        byte[] bytes = random(3000, 3);
        String serverFilename = service.upload(keyed, task, new TaskService.WholeFile("a.jpg", bytes),
                Optional.empty());
        String objectKey = TaskKeys.inputObject(project.projectId(), task, serverFilename);
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(objectKey)))
                .isInstanceOf(S3Exception.class);
        assertThat(objects.get(objectKey, Optional.of(FileKey.of(key)))).isEqualTo(bytes);

        assertThat(code(() -> service.upload(caller, task, new TaskService.WholeFile("b.jpg", bytes),
                Optional.empty()))).isEqualTo("ProcessingError/wrong_file_encryption_key");
        assertThat(code(() -> service.upload(caller(Optional.of("x".repeat(16))), task,
                new TaskService.WholeFile("b.jpg", bytes), Optional.empty())))
                .isEqualTo("ProcessingError/wrong_file_encryption_key");
        assertThat(code(() -> service.start(caller(Optional.of("short")), "rotateimage", "api.test")))
                .isEqualTo("ProcessingError/bad_file_encryption_key");
        assertThat(store.files().list(project.projectId(), task)).hasSize(1);
    }

    @Test
    void chunksOutOfOrderAreRefusedAndNothingIsRegistered() {
        String task = service.start(caller, "cropimage", "api.test").task();
        byte[] chunk = random(1000, 4);
        assertThat(code(() -> service.upload(caller, task, new TaskService.Chunk("c.jpg", chunk, 1, 3),
                Optional.empty()))).isEqualTo("UploadError/missing_chunks");
        service.upload(caller, task, new TaskService.Chunk("c.jpg", chunk, 0, 3), Optional.empty());
        assertThat(code(() -> service.upload(caller, task, new TaskService.Chunk("c.jpg", chunk, 2, 3),
                Optional.empty()))).isEqualTo("UploadError/missing_chunks");
        assertThat(code(() -> service.upload(caller, task, new TaskService.Chunk("c.jpg", chunk, 3, 3),
                Optional.empty()))).isEqualTo("UploadError/bad_chunk");
        assertThat(store.files().list(project.projectId(), task)).isEmpty();
        service.upload(caller, task, new TaskService.Chunk("c.jpg", chunk, 1, 3), Optional.empty());
        service.upload(caller, task, new TaskService.Chunk("c.jpg", chunk, 2, 3), Optional.empty());
        assertThat(store.files().list(project.projectId(), task)).singleElement()
                .satisfies(f -> assertThat(f.size()).isEqualTo(3000));
    }

    @Test
    void aCloudFileIsFetchedFromLoopbackOnlyBecauseTheTestAllowsIt() {
        byte[] image = random(5000, 5);
        server.createContext("/pictures/cat.png", exchange -> {
            exchange.sendResponseHeaders(200, image.length);
            exchange.getResponseBody().write(image);
            exchange.close();
        });
        int port = server.getAddress().getPort();
        String task = service.start(caller, "convertimage", "api.test").task();
        String serverFilename = service.upload(caller, task,
                new TaskService.CloudFile("http://files.test:" + port + "/pictures/cat.png"), Optional.empty());
        assertThat(serverFilename).endsWith(".png");
        assertThat(objects.get(TaskKeys.inputObject(project.projectId(), task, serverFilename), Optional.empty()))
                .isEqualTo(image);
        assertThat(store.files().list(project.projectId(), task).getFirst().filename()).isEqualTo("cat.png");
        assertThat(connects).containsOnly(new InetSocketAddress(LOOPBACK, port));

        // Anything else inside the network stays refused, before any connection.
        connects.clear();
        assertThat(code(() -> service.upload(caller, task, new TaskService.CloudFile("http://127.0.0.2:" + port
                + "/pictures/cat.png"), Optional.empty()))).isEqualTo("UploadError/forbidden_address");
        assertThat(code(() -> service.upload(caller, task, new TaskService.CloudFile("http://169.254.169.254/x"),
                Optional.empty()))).isEqualTo("UploadError/forbidden_address");
        assertThat(connects).isEmpty();
        assertThat(store.files().list(project.projectId(), task)).hasSize(1);
    }

    @Test
    void processingWritesMoveTheTaskOnceCountResultsOnceAndCompleteOnce() {
        String taskId = service.start(caller, "resizeimage", "api.test").task();
        String a = service.upload(caller, taskId, new TaskService.WholeFile("a.jpg", random(10, 6)), Optional.empty());
        String b = service.upload(caller, taskId, new TaskService.WholeFile("b.jpg", random(10, 7)), Optional.empty());
        assertThat(store.openTasks().ids(project.projectId())).containsExactly(taskId);
        Task task = store.tasks().find(project.projectId(), taskId).orElseThrow();
        var now = java.time.Instant.now();

        assertThat(store.progress().beginProcessing(task, "{\"tool\":\"resizeimage\"}", 2, now, Duration.ofHours(2))).isTrue();
        assertThat(store.progress().beginProcessing(task, "{}", 2, now, Duration.ofHours(2))).as("only once").isFalse();
        assertThat(store.openTasks().ids(project.projectId())).as("processing closes the task").isEmpty();

        assertThat(store.progress().recordFileResult(project.projectId(), taskId, a, FileStatus.FILE_SUCCESS, Optional.empty(),
                Optional.of(5L))).isTrue();
        assertThat(store.completion().claim(project.projectId(), taskId, "w1")).as("one file still waiting").isFalse();
        assertThat(store.progress().recordFileResult(project.projectId(), taskId, a, FileStatus.DAMAGED_FILE, Optional.empty(),
                Optional.empty())).as("a redelivered message changes nothing").isFalse();
        assertThat(store.progress().recordFileResult(project.projectId(), taskId, b, FileStatus.DAMAGED_FILE,
                Optional.of("unreadable"), Optional.empty())).isTrue();
        assertThat(store.completion().claim(project.projectId(), taskId, "w2")).isTrue();
        assertThat(store.completion().claim(project.projectId(), taskId, "w1")).as("exactly once").isFalse();

        Task after = store.tasks().find(project.projectId(), taskId).orElseThrow();
        assertThat(after.status()).isEqualTo(TaskStatus.PROCESSING);
        assertThat(after.filesDone()).isEqualTo(2);
        assertThat(after.params()).contains("{\"tool\":\"resizeimage\"}");
        assertThat(store.files().find(project.projectId(), taskId, a).orElseThrow().status()).isEqualTo(FileStatus.FILE_SUCCESS);
        assertThat(store.files().find(project.projectId(), taskId, b).orElseThrow().statusMessage()).contains("unreadable");
    }

    @Test
    void aBatchsResultsAreRecordedTogetherEachOnceAndItsClaimIsTakenOverByAnyOfItsMessages() {
        String taskId = service.start(caller, "resizeimage", "api.test").task();
        List<String> files = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            files.add(service.upload(caller, taskId, new TaskService.WholeFile(i + ".jpg", random(10, 6 + i)),
                    Optional.empty()));
        }
        String p = project.projectId();
        Task task = store.tasks().find(p, taskId).orElseThrow();
        assertThat(store.progress().beginProcessing(task, "{\"tool\":\"resizeimage\"}", 3, java.time.Instant.now(),
                Duration.ofHours(2))).isTrue();
        assertThat(store.progress().recordFileResult(p, taskId, files.get(0), FileStatus.FILE_SUCCESS,
                Optional.empty(), Optional.of(5L))).isTrue();

        // The first file already has its result (a redelivery), the second is named twice: two recorded, once each.
        List<TaskProgress.FileResult> batch = List.of(
                new TaskProgress.FileResult(files.get(0), FileStatus.DAMAGED_FILE, Optional.empty(), Optional.empty()),
                new TaskProgress.FileResult(files.get(1), FileStatus.FILE_SUCCESS, Optional.empty(), Optional.of(7L)),
                new TaskProgress.FileResult(files.get(1), FileStatus.DAMAGED_FILE, Optional.empty(), Optional.empty()),
                new TaskProgress.FileResult(files.get(2), FileStatus.FILE_SUCCESS, Optional.empty(), Optional.of(9L)));
        assertThat(store.progress().recordFileResults(p, taskId, batch)).isEqualTo(2);
        assertThat(store.progress().recordFileResults(p, taskId, batch)).as("again: nothing").isZero();
        assertThat(store.tasks().find(p, taskId).orElseThrow().filesDone()).isEqualTo(3);
        assertThat(store.files().find(p, taskId, files.get(0)).orElseThrow().status()).isEqualTo(FileStatus.FILE_SUCCESS);
        assertThat(store.files().find(p, taskId, files.get(1)).orElseThrow().outputFilesize()).contains(7L);

        // Claimed in the first name; a batch holding any of the names takes it over, another batch does not.
        assertThat(store.completion().claim(p, taskId, List.of("m1", "m2"))).contains("m1");
        assertThat(store.completion().claim(p, taskId, List.of("m3"))).isEmpty();
        assertThat(store.completion().claim(p, taskId, List.of("m2", "m1"))).contains("m1");
        assertThat(store.completion().webhookOwed(p, taskId, List.of("m2", "m1"))).isTrue();
        assertThat(store.completion().webhookOwed(p, taskId, List.of("m2"))).isFalse();
    }

    @Test
    void theOpenTaskLimitSweepsTasksThatAreNoLongerOpenBeforeRefusing() {
        List<String> open = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String task = service.start(caller, "resizeimage", "api.test").task();
            service.upload(caller, task, new TaskService.WholeFile("a.jpg", random(10, i)), Optional.empty());
            open.add(task);
        }
        String fourth = service.start(caller, "resizeimage", "api.test").task();
        assertThat(code(() -> service.upload(caller, fourth, new TaskService.WholeFile("a.jpg", random(10, 9)),
                Optional.empty()))).isEqualTo("UploadError/too_many_open_tasks");
        // A task removed behind the set's back (as TTL would, before its clean-up ran) frees its place at once.
        dynamo.deleteItem(b -> b.tableName(table).key(java.util.Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                        TaskKeys.taskPk(project.projectId(), open.getFirst())),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(TaskKeys.TASK_SK))));
        service.upload(caller, fourth, new TaskService.WholeFile("a.jpg", random(10, 9)), Optional.empty());
        assertThat(store.openTasks().ids(project.projectId())).containsExactlyInAnyOrder(open.get(1), open.get(2), fourth);
    }

    @Test
    void concurrentUploadsNeverPassTheFilesLimitAndRefusedFilesLeaveNoObject() throws Exception {
        String task = service.start(caller, "resizeimage", "api.test").task();
        List<String> outcomes;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<String>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                calls.add(pool.submit(() -> {
                    try {
                        service.upload(caller, task, new TaskService.WholeFile(n + ".jpg", random(100, n)),
                                Optional.empty());
                        return "ok";
                    } catch (ApiError e) {
                        return e.code();
                    }
                }));
            }
            outcomes = new java.util.ArrayList<>();
            for (var call : calls) {
                outcomes.add(call.get());
            }
        }
        assertThat(outcomes.stream().filter("ok"::equals).count()).as(outcomes.toString()).isEqualTo(5);
        assertThat(outcomes.stream().filter(o -> !o.equals("ok"))).containsOnly("UploadError/too_many_files");
        assertThat(store.tasks().find(project.projectId(), task).orElseThrow().fileCount()).isEqualTo(5);
        assertThat(store.files().list(project.projectId(), task)).hasSize(5);
        assertThat(objects.keysUnder(TaskKeys.objectPrefix(project.projectId(), task))).hasSize(5);
    }

    @Test
    void deletingATaskThatWasProcessedAnswersTaskDeletedAndAWaitingOneUploadDeleted() {
        String processed = service.start(caller, "resizeimage", "api.test").task();
        service.upload(caller, processed, new TaskService.WholeFile("a.jpg", random(10, 1)), Optional.empty());
        Task task = store.tasks().find(project.projectId(), processed).orElseThrow();
        assertThat(store.progress().beginProcessing(task, "{}", 1, java.time.Instant.now(), Duration.ofHours(2))).isTrue();
        assertThat(service.delete(caller, processed).view().status()).isEqualTo("TaskDeleted");
        assertThat(code(() -> service.delete(caller, processed))).isEqualTo("TaskNotFound");
        assertThat(code(() -> service.get(caller, processed))).isEqualTo("TaskNotFound");
        assertThat(objects.keysUnder(TaskKeys.objectPrefix(project.projectId(), processed))).isEmpty();
        assertThat(store.files().list(project.projectId(), processed)).isEmpty();

        String waiting = service.start(caller, "resizeimage", "api.test").task();
        assertThat(service.delete(caller, waiting).view().status()).isEqualTo("UploadDeleted");
    }

    @Test
    void theMonthsCountEndsAtMidnightUtcOnItsLastDayAndStartsAgainAtZero() {
        java.time.Instant lastMinute = java.time.Instant.parse("2026-12-31T23:59:00Z");
        TaskSettings settings = new TaskSettings(20L * MIB, 5, 30, Duration.ofHours(2), Duration.ofSeconds(29));
        TaskService december = new TaskService(store, objects, () -> fetcher::fetch, settings,
                Clock.fixed(lastMinute, java.time.ZoneOffset.UTC));
        String taskId = december.start(caller, "resizeimage", "api.test").task();
        december.upload(caller, taskId, new TaskService.WholeFile("a.jpg", random(10, 1)), Optional.empty());
        december.upload(caller, taskId, new TaskService.WholeFile("b.jpg", random(10, 2)), Optional.empty());
        Task task = store.tasks().find(project.projectId(), taskId).orElseThrow();
        assertThat(store.progress().beginProcessing(task, "{}", 2, Optional.empty(), Optional.empty(), lastMinute,
                Duration.ofHours(2), 30)).isEqualTo(TaskProgress.Begin.BEGUN);

        TaskService.Info before = december.info(caller);
        assertThat(before.monthlyFiles()).isEqualTo(30);
        assertThat(before.monthlyFilesUsed()).isEqualTo(2);
        assertThat(before.monthlyFilesRemaining()).isEqualTo(28);
        assertThat(before.monthResetsAt()).isEqualTo(java.time.Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(before.maxOpenTasks()).isEqualTo(3);
        assertThat(before.remainingFiles()).as("still the per-task limit").isEqualTo(5);

        TaskService january = new TaskService(store, objects, () -> fetcher::fetch, settings,
                Clock.offset(Clock.fixed(lastMinute, java.time.ZoneOffset.UTC), Duration.ofMinutes(1)));
        TaskService.Info after = january.info(caller);
        assertThat(after.monthlyFilesUsed()).isZero();
        assertThat(after.monthlyFilesRemaining()).isEqualTo(30);
        assertThat(after.monthResetsAt()).isEqualTo(java.time.Instant.parse("2027-02-01T00:00:00Z"));
        assertThat(store.months().used(project.projectId(), FileMonth.of(lastMinute))).as("December's stays")
                .isEqualTo(2);
    }

    @Test
    void racingBeginsTakeExactlyTheFilesThatFitInTheMonth() throws Exception {
        // Room to open six tasks of three files each; then they race for a month of 10 files: three fit.
        Caller roomy = new Caller(project.withMonthlyFiles(100), false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        List<Task> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String taskId = service.start(roomy, "resizeimage", "api.test").task();
            for (int f = 0; f < 3; f++) {
                service.upload(roomy, taskId, new TaskService.WholeFile(f + ".jpg", random(10, i * 10 + f)),
                        Optional.empty());
            }
            tasks.add(store.tasks().find(project.projectId(), taskId).orElseThrow());
        }
        java.time.Instant now = java.time.Instant.now();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<TaskProgress.Begin>> results = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(tasks.size())) {
            for (Task task : tasks) {
                results.add(pool.submit(() -> {
                    go.await();
                    return store.progress().beginProcessing(task, "{}", 3, Optional.empty(), Optional.empty(), now,
                            Duration.ofHours(2), 10);
                }));
            }
            go.countDown();
            List<TaskProgress.Begin> begins = new java.util.ArrayList<>();
            for (var result : results) {
                begins.add(result.get());
            }
            assertThat(begins).filteredOn(TaskProgress.Begin.BEGUN::equals).hasSize(3);
            assertThat(begins).filteredOn(TaskProgress.Begin.ALLOWANCE_EXHAUSTED::equals).hasSize(3);
            for (int i = 0; i < tasks.size(); i++) {
                assertThat(store.tasks().find(project.projectId(), tasks.get(i).taskId()).orElseThrow().status())
                        .as("a refused task stays waiting").isEqualTo(begins.get(i) == TaskProgress.Begin.BEGUN
                                ? TaskStatus.PROCESSING : TaskStatus.WAITING);
            }
        }
        assertThat(store.months().used(project.projectId(), FileMonth.of(now))).isEqualTo(9);
        // A task larger than the whole allowance is refused without a write.
        assertThat(store.progress().beginProcessing(tasks.getFirst(), "{}", 11, Optional.empty(), Optional.empty(),
                now, Duration.ofHours(2), 10)).isEqualTo(TaskProgress.Begin.ALLOWANCE_EXHAUSTED);
        // Files that will never be processed go back, never below 0.
        store.months().giveBack(project.projectId(), FileMonth.of(now), 4);
        assertThat(store.months().used(project.projectId(), FileMonth.of(now))).isEqualTo(5);
        store.months().giveBack(project.projectId(), FileMonth.of(now), 6);
        assertThat(store.months().used(project.projectId(), FileMonth.of(now))).isEqualTo(5);
    }

    @Test
    void aUsedUpMonthRefusesStartsAndUploadsThatCouldNotBeProcessed() {
        Caller small = new Caller(project.withMonthlyFiles(3), false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        String taskId = service.start(small, "resizeimage", "api.test").task();
        service.upload(small, taskId, new TaskService.WholeFile("a.jpg", random(10, 1)), Optional.empty());
        service.upload(small, taskId, new TaskService.WholeFile("b.jpg", random(10, 2)), Optional.empty());
        Task task = store.tasks().find(project.projectId(), taskId).orElseThrow();
        java.time.Instant now = java.time.Instant.now();
        assertThat(store.progress().beginProcessing(task, "{}", 2, Optional.empty(), Optional.empty(), now,
                Duration.ofHours(2), 3)).isEqualTo(TaskProgress.Begin.BEGUN);

        String second = service.start(small, "resizeimage", "api.test").task();
        service.upload(small, second, new TaskService.WholeFile("c.jpg", random(10, 3)), Optional.empty());
        ApiError full = org.assertj.core.api.Assertions.catchThrowableOfType(ApiError.class, () -> service.upload(
                small, second, new TaskService.WholeFile("d.jpg", random(10, 4)), Optional.empty()));
        assertThat(full.code()).isEqualTo("UploadError/monthly_files_used_up");
        assertThat(full.getMessage()).contains("has 1 left", FileMonth.of(now).resetDate());
        assertThat(store.files().list(project.projectId(), second)).hasSize(1);

        store.progress().beginProcessing(store.tasks().find(project.projectId(), second).orElseThrow(), "{}", 1,
                Optional.empty(), Optional.empty(), now, Duration.ofHours(2), 3);
        ApiError start = org.assertj.core.api.Assertions.catchThrowableOfType(ApiError.class,
                () -> service.start(small, "resizeimage", "api.test"));
        assertThat(start.code()).isEqualTo("UploadError/monthly_files_used_up");
        assertThat(start.getMessage()).contains("resets on " + FileMonth.of(now).resetDate() + " (00:00 UTC)");
        assertThat(service.info(small).monthlyFilesRemaining()).isZero();
    }

    private Caller caller(Optional<String> key) {
        return new Caller(project, false, Optional.empty(), Optional.empty(), Optional.empty(), key);
    }

    private static String code(Runnable call) {
        try {
            call.run();
        } catch (ApiError e) {
            return e.code();
        }
        throw new AssertionError("no error");
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
