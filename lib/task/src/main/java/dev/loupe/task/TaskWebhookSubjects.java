package dev.loupe.task;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.loupe.auth.Project;
import dev.loupe.core.http.Mappers;
import dev.loupe.webhooks.WebhookJob;
import dev.loupe.webhooks.WebhookSubjects;

/**
 * A finished task as its webhook reports it: the task's {@code webhook}, its project's secret key, and the task as
 * {@code GET /v1/task/{task}} renders it in JSON.
 */
public final class TaskWebhookSubjects implements WebhookSubjects {
    private final TaskStore store;
    private final Function<String, Optional<Project>> projectsByPublicKey;
    private final Clock clock;

    public TaskWebhookSubjects(TaskStore store, Function<String, Optional<Project>> projectsByPublicKey, Clock clock) {
        this.store = store;
        this.projectsByPublicKey = projectsByPublicKey;
        this.clock = clock;
    }

    @Override
    public Subject find(WebhookJob job) {
        Optional<Task> found = store.tasks().find(job.projectId(), job.taskId())
                .filter(t -> !t.expired(clock.instant()));
        if (found.isEmpty()) {
            return new Drop("task gone or expired");
        }
        Task task = found.get();
        if (!task.status().finished() || task.params().isEmpty()) {
            return new Drop("task is " + task.status().wire() + ", not finished");
        }
        ProcessOrder order = ProcessOrder.fromJson(task.params().get());
        if (order.webhook() == null || order.webhook().isBlank()) {
            return new Drop("task has no webhook");
        }
        Optional<Project> project = Optional.ofNullable(order.projectKey()).flatMap(projectsByPublicKey)
                .filter(p -> p.projectId().equals(task.projectId()));
        if (project.isEmpty()) {
            return new Drop("the task's project is gone");
        }
        byte[] body = body(TaskView.of(task, store.files().list(task.projectId(), task.taskId())));
        return new Send(order.webhook(), project.get().secretKey(), body);
    }

    private static byte[] body(TaskView view) {
        try {
            return Mappers.JSON.writeValueAsBytes(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the task", e);
        }
    }
}
