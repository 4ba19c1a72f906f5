package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.imaging.tools.ProcessingTools;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.testing.SharedLoupeCloud;
import dev.loupe.sqs.JobQueue;
import dev.loupe.task.FileJob;
import dev.loupe.task.ProcessOrder;
import dev.loupe.task.TaskObjects;
import dev.loupe.task.TaskProcessing;
import dev.loupe.task.TaskSettings;
import dev.loupe.task.TaskStore;
import dev.loupe.task.TaskWorker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A worker that outlives its budget: the tool still running at the deadline is abandoned and its file ends
 * {@code TimeOut}, the message's files not begun end {@code TimeOut} too, and the task completes (here TaskError, as
 * every file failed) instead of waiting for the function to be killed and its message dead-lettered.
 */
@SharedLoupeCloud.LoupeCloudTest
class TaskTimeOutTest {
    private static LoupeCloud cloud;
    private static TaskCalls calls;
    private static TaskStore store;
    private static TaskWorker worker;

    @BeforeAll
    static void start(LoupeCloud shared) {
        cloud = shared;
        calls = new TaskCalls(cloud);
        store = new TaskStore(cloud.backend().dynamoDb(), cloud.provisioned().tableName("TasksTable"));
        TaskObjects objects = new TaskObjects(cloud.backend().s3(), cloud.provisioned().bucketName("TaskBucket"));
        TaskSettings settings = new TaskSettings(100_000_000, 100, 250, Duration.ofHours(2), Duration.ofSeconds(29));
        TaskProcessing processing = new TaskProcessing(store, objects, new JobQueue(cloud.backend().sqs(),
                cloud.provisioned().queueUrl("TaskFileQueue")), new ProcessingTools(), cloud.backend().s3Presigner(),
                settings, Duration.ofSeconds(1), Clock.systemUTC());
        worker = new TaskWorker(store, objects, processing, settings, Clock.systemUTC(), job -> {
        }, publicKey -> Optional.empty());
    }

    @Test
    void aToolRunningPastTheDeadlineEndsItsFileTimeOutAndTheTaskCompletes() throws Exception {
        TaskCalls.Client c = calls.newClient();
        String task = calls.start(c, "resizeimage");
        // Large in pixels (a resize decodes every one of them), small in bytes.
        String slow = calls.upload(c, task, "big.png", TaskCalls.png(7000, 7000));
        String notBegun = calls.upload(c, task, "small.jpg", TaskCalls.jpeg(40, 30));
        String p = c.project().projectId();
        ProcessOrder order = new ProcessOrder("resizeimage", List.of(new ProcessOrder.FileOrder(slow, "big.png", 0),
                new ProcessOrder.FileOrder(notBegun, "small.jpg", 0)), true, null, null, true, null,
                Map.of("resize_mode", "percentage", "percentage", 50), Instant.now().toEpochMilli(),
                c.project().publicKey());
        assertThat(store.progress().beginProcessing(store.tasks().find(p, task).orElseThrow(), order.json(), 2,
                Instant.now(), Duration.ofHours(2))).isTrue();
        store.progress().markQueued(p, task); // as process marks it once its messages went

        Instant started = Instant.now();
        TaskWorker.Outcome outcome = worker.handle(new FileJob(p, task, List.of(slow, notBegun)), "m-1", false,
                started.plusMillis(30));

        assertThat(Duration.between(started, Instant.now())).as("the worker did not wait for the tool")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(outcome.recorded()).isEqualTo(2);
        assertThat(outcome.finished()).isTrue();
        JsonNode view = calls.view(c, task);
        assertThat(view.path("status").asText()).isEqualTo("TaskError");
        assertThat(TaskCalls.statuses(view)).containsEntry(slow, "TimeOut").containsEntry(notBegun, "TimeOut");

        // A redelivery of the same message changes nothing: the files have their results.
        assertThat(worker.handle(new FileJob(p, task, List.of(slow, notBegun)), "m-1", false, Instant.MAX)
                .recorded()).isZero();
        assertThat(TaskCalls.statuses(calls.view(c, task))).containsEntry(slow, "TimeOut");
    }

    @Test
    void withTimeEnoughTheSameFilesSucceed() throws Exception {
        TaskCalls.Client c = calls.newClient();
        String task = calls.start(c, "resizeimage");
        String file = calls.upload(c, task, "small.jpg", TaskCalls.jpeg(40, 30));
        String p = c.project().projectId();
        ProcessOrder order = new ProcessOrder("resizeimage", List.of(new ProcessOrder.FileOrder(file, "small.jpg", 0)),
                true, null, null, true, null, Map.of("resize_mode", "percentage", "percentage", 50),
                Instant.now().toEpochMilli(), c.project().publicKey());
        assertThat(store.progress().beginProcessing(store.tasks().find(p, task).orElseThrow(), order.json(), 1,
                Instant.now(), Duration.ofHours(2))).isTrue();
        store.progress().markQueued(p, task); // as process marks it once its messages went

        worker.handle(new FileJob(p, task, List.of(file)), "m-1", false, Instant.now().plusSeconds(60));

        assertThat(TaskCalls.statuses(calls.view(c, task))).containsEntry(file, "FileSuccess");
    }
}
