package dev.loupe.task;

import dev.loupe.imaging.tools.FileStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;
import dev.loupe.auth.Caller;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.core.http.ApiError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The connected task's service against DynamoDB Local and S3Proxy, where HTTP can't reach: an output that vanishes
 * between the listing and its copy (the first task deleted or expired meanwhile) answers TaskNotFound and leaves no
 * half-made task behind, and a combining tool's one output is carried once.
 */
@ExtendWith(SharedEmulators.class)
class TaskNextServiceTest {
    private static DynamoDbClient dynamo;
    private static S3Client s3;
    private static String table;
    private static String bucket;

    private final Project project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
            ProjectKeys.newSecretKey(), "next", List.of());
    private final Caller caller = new Caller(project, false, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

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

    @Test
    void anOutputThatVanishesBeforeItsCopyLeavesNoTaskBehind() {
        TaskStore store = new TaskStore(dynamo, table);
        TaskObjects plain = new TaskObjects(s3, bucket);
        String first = finishedTask(store, plain, "resizeimage", List.of("a.jpg", "b.jpg"));
        // The second copy finds its source gone, as if the first task had been deleted after the listing.
        AtomicInteger copies = new AtomicInteger();
        S3Client failing = (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(),
                new Class<?>[] {S3Client.class}, (proxy, method, args) -> {
                    if (method.getName().equals("copyObject") && args != null && args.length == 1
                            && args[0] instanceof CopyObjectRequest && copies.incrementAndGet() == 2) {
                        throw NoSuchKeyException.builder().message("gone").build();
                    }
                    try {
                        return method.invoke(s3, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        TaskService service = new TaskService(store, new TaskObjects(failing, bucket), () -> null,
                new TaskSettings(1_000_000, 10, 50, Duration.ofHours(2), Duration.ofSeconds(29)), Clock.systemUTC());

        assertThatThrownBy(() -> service.next(caller, first, "rotateimage", "api.test", Optional.empty()))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(copies.get()).isEqualTo(2);
        // Only the first task is left: no task, no open-set entry, no copy, no file item of the refused one.
        assertThat(store.listing().list(project.projectId(), new TaskListing.Filter(Optional.empty(), Optional.empty(),
                Optional.empty()), 0, 50, Instant.now())).extracting(Task::taskId).containsExactly(first);
        assertThat(store.openTasks().ids(project.projectId())).isEmpty();
        assertThat(plain.keysUnder("tasks/" + project.projectId() + "/"))
                .allMatch(k -> k.startsWith(TaskKeys.objectPrefix(project.projectId(), first)));

        // Without the failure, the same call makes the task with both files.
        TaskService working = new TaskService(store, plain, () -> null,
                new TaskSettings(1_000_000, 10, 50, Duration.ofHours(2), Duration.ofSeconds(29)), Clock.systemUTC());
        TaskService.Connected next = working.next(caller, first, "rotateimage", "api.test", Optional.empty());
        assertThat(next.files().values()).containsExactly("a.jpg", "b.jpg");
        assertThat(store.files().list(project.projectId(), next.task())).hasSize(2)
                .allMatch(f -> f.status() == FileStatus.FILE_WAITING && f.size() == 3);
        assertThat(store.tasks().find(project.projectId(), next.task()).orElseThrow().fileCount()).isEqualTo(2);
    }

    @Test
    void aCombiningToolsOneOutputIsCarriedOnceNamedAfterItsFirstFile() {
        TaskStore store = new TaskStore(dynamo, table);
        TaskObjects objects = new TaskObjects(s3, bucket);
        String first = finishedTask(store, objects, "convertimage", List.of("one.png", "two.png"));
        TaskService service = new TaskService(store, objects, () -> null,
                new TaskSettings(1_000_000, 10, 50, Duration.ofHours(2), Duration.ofSeconds(29)), Clock.systemUTC());
        TaskService.Connected next = service.next(caller, first, "compressimage", "api.test", Optional.empty());
        assertThat(next.files().values()).containsExactly("one.gif");
        String serverFilename = next.files().keySet().iterator().next();
        assertThat(objects.get(TaskKeys.inputObject(project.projectId(), next.task(), serverFilename),
                Optional.empty())).isEqualTo("GIF".getBytes());
    }

    /**
     * A finished task's stored state, as the worker leaves it: per-file outputs of three bytes, or for convertimage
     * to gif_animation one combined output.
     */
    private String finishedTask(TaskStore store, TaskObjects objects, String tool, List<String> names) {
        TaskService starter = new TaskService(store, objects, () -> null,
                new TaskSettings(1_000_000, 10, 50, Duration.ofHours(2), Duration.ofSeconds(29)), Clock.systemUTC());
        String task = starter.start(caller, tool, "api.test").task();
        List<ProcessOrder.FileOrder> files = names.stream().map(n -> new ProcessOrder.FileOrder(
                starter.upload(caller, task, new TaskService.WholeFile(n, "abc".getBytes()), Optional.empty()), n, 0))
                .toList();
        boolean combined = tool.equals("convertimage");
        Instant now = Instant.now();
        ProcessOrder order = new ProcessOrder(tool, files, true, null, null, true, null,
                combined ? Map.of("to", "gif_animation") : Map.of(), now.toEpochMilli());
        assertThat(store.progress().beginProcessing(store.tasks().find(project.projectId(), task).orElseThrow(), order.json(),
                files.size(), now, Duration.ofHours(2))).isTrue();
        if (combined) {
            objects.put(TaskKeys.outputObject(project.projectId(), task, "files/combined.gif"), "GIF".getBytes(),
                    Optional.empty());
        }
        for (ProcessOrder.FileOrder file : files) {
            String extension = file.filename().substring(file.filename().lastIndexOf('.') + 1);
            if (!combined) {
                objects.put(TaskKeys.outputObject(project.projectId(), task, "files/" + file.serverFilename() + "."
                        + extension), "out".getBytes(), Optional.empty());
            }
            assertThat(store.progress().recordFileResult(project.projectId(), task, file.serverFilename(),
                    FileStatus.FILE_SUCCESS, Optional.empty(), combined ? Optional.empty() : Optional.of(3L)))
                    .isTrue();
        }
        assertThat(store.completion().claim(project.projectId(), task, "test")).isTrue();
        assertThat(store.completion().finish(project.projectId(), task, "test", TaskStatus.SUCCESS, new Task.Output("x", 6, 3,
                combined ? 1 : files.size(), List.of(), "0.1", now, ""), now, Duration.ofHours(2))).isTrue();
        return task;
    }
}
