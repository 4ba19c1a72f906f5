package dev.loupe.shared.webhook;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.loupe.shared.auth.Project;
import dev.loupe.shared.fetch.SafeFetcher;
import dev.loupe.shared.http.ApiError;
import dev.loupe.shared.http.Mappers;
import dev.loupe.shared.task.ProcessOrder;
import dev.loupe.shared.task.Task;
import dev.loupe.shared.task.TaskStore;
import dev.loupe.shared.task.TaskView;

/**
 * The WebhookQueue consumer's logic, free of Lambda types: POSTs a finished task, as {@code GET /v1/task/{task}}
 * renders it in JSON, to the task's {@code webhook}, signed ({@link WebhookSignature}) with its project's secret key.
 * A message may come twice (the finishing worker may send it again after a redelivery, SQS delivers at least once):
 * receivers dedupe by the {@code task} field.
 */
public final class WebhookDelivery {
    /** What became of one message. */
    public enum Outcome {
        /** The receiver answered 2xx. */
        DELIVERED,
        /** Nothing to send, or sending can never work (task gone, no webhook, refused address): drop it. */
        DROPPED,
        /** The receiver failed (non-2xx, no connection, timeout): try again later. */
        RETRY
    }

    /** The outcome, with why, for the log. */
    public record Result(Outcome outcome, String detail) {
    }

    private final TaskStore store;
    private final Function<String, Optional<Project>> projectsByPublicKey;
    private final SafeFetcher fetcher;
    private final Clock clock;

    public WebhookDelivery(TaskStore store, Function<String, Optional<Project>> projectsByPublicKey,
                           SafeFetcher fetcher, Clock clock) {
        this.store = store;
        this.projectsByPublicKey = projectsByPublicKey;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    public Result deliver(WebhookJob job) {
        Optional<Task> found = store.find(job.projectId(), job.taskId()).filter(t -> !t.expired(clock.instant()));
        if (found.isEmpty()) {
            return new Result(Outcome.DROPPED, "task gone or expired");
        }
        Task task = found.get();
        if (!task.status().finished() || task.params().isEmpty()) {
            return new Result(Outcome.DROPPED, "task is " + task.status().wire() + ", not finished");
        }
        ProcessOrder order = ProcessOrder.fromJson(task.params().get());
        if (order.webhook() == null || order.webhook().isBlank()) {
            return new Result(Outcome.DROPPED, "task has no webhook");
        }
        Optional<Project> project = Optional.ofNullable(order.projectKey()).flatMap(projectsByPublicKey)
                .filter(p -> p.projectId().equals(task.projectId()));
        if (project.isEmpty()) {
            return new Result(Outcome.DROPPED, "the task's project is gone");
        }
        byte[] body = body(TaskView.of(task, store.files(task.projectId(), task.taskId())));
        String signature = WebhookSignature.header(project.get().secretKey(), clock.instant(), body);
        try {
            SafeFetcher.Posted posted = fetcher.post(URI.create(order.webhook()), body, "application/json",
                    Map.of(WebhookSignature.HEADER, signature));
            return posted.ok() ? new Result(Outcome.DELIVERED, "HTTP " + posted.status())
                    : new Result(Outcome.RETRY, "HTTP " + posted.status());
        } catch (ApiError e) {
            // A refused address (the name now resolves inside the network) or a bad URL: retrying cannot help.
            // Failures to connect or resolve and timeouts (fetch_failed, fetch_timeout): the receiver may be back.
            return e.code().equals("forbidden_address") || e.code().equals("bad_url")
                    ? new Result(Outcome.DROPPED, e.code() + ": " + e.getMessage())
                    : new Result(Outcome.RETRY, e.code() + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return new Result(Outcome.DROPPED, "bad webhook URL: " + e.getMessage());
        }
    }

    /**
     * How long a failed delivery waits before the next: {@code base × 2^(receiveCount-1)}, at most {@code cap}
     * (and SQS's own limit on a visibility timeout, 12 hours, is far above).
     */
    public static Duration backoff(Duration base, int receiveCount, Duration cap) {
        int shift = Math.clamp(receiveCount - 1, 0, 20);
        long seconds = base.toSeconds() << shift;
        return seconds >= cap.toSeconds() || seconds < 0 ? cap : Duration.ofSeconds(seconds);
    }

    private static byte[] body(TaskView view) {
        try {
            return Mappers.JSON.writeValueAsBytes(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the task", e);
        }
    }
}
