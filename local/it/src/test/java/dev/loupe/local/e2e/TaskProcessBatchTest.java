package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

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
import dev.loupe.webhooks.WebhookJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TaskFileQueue worker with a batch of messages (the event source's BatchSize 10): a task's messages handled at
 * once, every result recorded and counted once, duplicates of a first delivery harmless, a message the deadline left
 * unbegun sent back rather than ended TimeOut, and one task's failure sending back its own messages only.
 */
@SharedLoupeCloud.LoupeCloudTest
class TaskProcessBatchTest {
    private static final Map<String, Object> HALF = Map.of("resize_mode", "percentage", "percentage", 50);
    private static TaskCalls calls;
    private static TaskStore store;
    private static TaskObjects objects;
    private static TaskProcessing processing;
    private static TaskSettings settings;

    @BeforeAll
    static void start(LoupeCloud cloud) {
        calls = new TaskCalls(cloud);
        store = new TaskStore(cloud.backend().dynamoDb(), cloud.provisioned().tableName("TasksTable"));
        objects = new TaskObjects(cloud.backend().s3(), cloud.provisioned().bucketName("TaskBucket"));
        settings = new TaskSettings(100_000_000, 100, 250, Duration.ofHours(2), Duration.ofSeconds(29));
        processing = new TaskProcessing(store, objects, new JobQueue(cloud.backend().sqs(),
                cloud.provisioned().queueUrl("TaskFileQueue")), new ProcessingTools(), cloud.backend().s3Presigner(),
                settings, Duration.ofSeconds(1), Clock.systemUTC());
    }

    private static TaskWorker worker(java.util.function.Consumer<WebhookJob> webhooks) {
        return new TaskWorker(store, objects, processing, settings, Clock.systemUTC(), webhooks,
                publicKey -> Optional.empty());
    }

    /** A resize task of {@code n} small JPEGs, begun as process begins it (no message sent: the test delivers). */
    private record Begun(TaskCalls.Client client, String task, List<String> files) {
        FileJob job(int i) {
            return new FileJob(client.project().projectId(), task, List.of(files.get(i)));
        }
    }

    private static Begun begun(int n, String webhook) throws Exception {
        TaskCalls.Client c = calls.newClient();
        String task = calls.start(c, "resizeimage");
        List<String> files = new ArrayList<>();
        List<ProcessOrder.FileOrder> ordered = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(calls.upload(c, task, "photo-" + i + ".jpg", TaskCalls.jpeg(40, 30)));
            ordered.add(new ProcessOrder.FileOrder(files.get(i), "photo-" + i + ".jpg", 0));
        }
        String p = c.project().projectId();
        ProcessOrder order = new ProcessOrder("resizeimage", ordered, true, null, null, true, webhook, HALF,
                Instant.now().toEpochMilli(), c.project().publicKey());
        assertThat(store.progress().beginProcessing(store.tasks().find(p, task).orElseThrow(), order.json(), n,
                Instant.now(), Duration.ofHours(2))).isTrue();
        store.progress().markQueued(p, task); // as process marks it once its messages went
        return new Begun(c, task, files);
    }

    @Test
    void aTasksMessagesAreHandledTogetherAndEachResultIsCountedOnce() throws Exception {
        Begun b = begun(4, null);
        List<TaskWorker.Message> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batch.add(new TaskWorker.Message(b.job(i), "m-" + i, 1, false));
        }
        // The first file's message sent twice (SQS delivers at least once): both are first deliveries.
        batch.add(new TaskWorker.Message(b.job(0), "m-0-again", 1, false));

        TaskWorker.BatchOutcome outcome = worker(job -> { }).handleAll(batch, Instant.now().plusSeconds(60));

        assertThat(outcome.retry()).isEmpty();
        assertThat(outcome.recorded()).as("the duplicate's result is refused").isEqualTo(4);
        assertThat(outcome.finished()).isEqualTo(1);
        JsonNode view = calls.view(b.client(), b.task());
        assertThat(view.path("status").asText()).as(view.toString()).isEqualTo("TaskSuccess");
        assertThat(view.path("output_filenumber").asInt()).isEqualTo(4);
        assertThat(TaskCalls.statuses(view).values()).containsOnly("FileSuccess").hasSize(4);
        assertThat(calls.download(b.client(), b.task()).body()).satisfies(zip ->
                assertThat(TaskCalls.unzip(zip)).hasSize(4));

        // The whole batch again (a redelivery: its files are read, each has its result): nothing changes.
        List<TaskWorker.Message> again = batch.stream()
                .map(m -> new TaskWorker.Message(m.job(), m.id(), 2, false)).toList();
        TaskWorker.BatchOutcome second = worker(job -> { }).handleAll(again, Instant.now().plusSeconds(60));
        assertThat(second.recorded()).isZero();
        assertThat(second.finished()).isZero();
        assertThat(second.retry()).isEmpty();
    }

    @Test
    void aMessageTheDeadlineLeftUnbegunComesAgainInsteadOfEndingTimeOut() throws Exception {
        Begun b = begun(2, null);
        String p = b.client().project().projectId();
        TaskWorker worker = worker(job -> { });

        // The deadline has passed: the batch's first message had the whole budget and ends TimeOut; the second was
        // never given any, so it goes back to the queue with its file still waiting.
        TaskWorker.BatchOutcome late = worker.handleAll(List.of(new TaskWorker.Message(b.job(0), "m-0", 1, false),
                new TaskWorker.Message(b.job(1), "m-1", 1, false)), Instant.now().minusMillis(1));

        assertThat(late.recorded()).isEqualTo(1);
        assertThat(late.retry()).containsOnlyKeys("m-1");
        assertThat(late.retry().get("m-1")).isInstanceOf(TaskWorker.NotBegun.class);
        assertThat(TaskCalls.statuses(calls.view(b.client(), b.task())))
                .containsEntry(b.files().get(0), "TimeOut").containsEntry(b.files().get(1), "FileWaiting");

        TaskWorker.BatchOutcome redelivered = worker.handleAll(List.of(new TaskWorker.Message(b.job(1), "m-1", 2,
                false)), Instant.now().plusSeconds(60));
        assertThat(redelivered.recorded()).isEqualTo(1);
        assertThat(redelivered.finished()).isEqualTo(1);
        JsonNode view = calls.view(b.client(), b.task());
        assertThat(view.path("status").asText()).isEqualTo("TaskSuccessWithWarnings");
        assertThat(TaskCalls.statuses(view)).containsEntry(b.files().get(1), "FileSuccess");
        assertThat(store.tasks().find(p, b.task()).orElseThrow().status().wire())
                .isEqualTo("TaskSuccessWithWarnings");
    }

    @Test
    void oneTasksFailureSendsBackItsOwnMessagesOnly() throws Exception {
        Begun hooked = begun(1, "https://hooks.example.com/finished");
        Begun plain = begun(2, null);
        AtomicInteger sends = new AtomicInteger();
        // The finished task's webhook send fails once, as an unreachable WebhookQueue would.
        TaskWorker worker = worker(job -> {
            if (sends.incrementAndGet() == 1) {
                throw new IllegalStateException("injected: WebhookQueue is unreachable");
            }
        });

        TaskWorker.BatchOutcome outcome = worker.handleAll(List.of(
                new TaskWorker.Message(hooked.job(0), "h-0", 1, false),
                new TaskWorker.Message(plain.job(0), "p-0", 1, false),
                new TaskWorker.Message(plain.job(1), "p-1", 1, false)), Instant.now().plusSeconds(60));

        assertThat(outcome.retry()).as("only the failing task's message comes again").containsOnlyKeys("h-0");
        assertThat(outcome.recorded()).isEqualTo(3);
        assertThat(calls.view(plain.client(), plain.task()).path("status").asText()).isEqualTo("TaskSuccess");
        assertThat(calls.view(hooked.client(), hooked.task()).path("status").asText()).as("final before the send")
                .isEqualTo("TaskSuccess");

        // Its redelivery finds the task finished by it and sends the webhook it owes, once.
        TaskWorker.BatchOutcome again = worker.handleAll(List.of(new TaskWorker.Message(hooked.job(0), "h-0", 2,
                false)), Instant.now().plusSeconds(60));
        assertThat(again.retry()).isEmpty();
        assertThat(sends.get()).isEqualTo(2);
        assertThat(store.completion().webhookOwed(hooked.client().project().projectId(), hooked.task(), "h-0"))
                .isFalse();
    }
}
