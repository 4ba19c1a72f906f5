package dev.loupe.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A WebhookQueue message: what to report. A finished task is named by its ids only (its body is rendered and signed
 * when it is sent, so it is the task as it is then); a project's people event ({@code event}: images added, a gallery
 * published, a comment or reply) carries its body, since it never changes. The secret key is read from the projects
 * table when the message is sent, never carried in a queue.
 *
 * @param taskId the finished task; null for a project event
 * @param event  the project event's JSON as the project's {@code events_webhook} receives it; null for a task
 */
public record WebhookJob(String projectId, String taskId, JsonNode event) {
    public WebhookJob {
        // A task's message carries "event": null, which Jackson reads as a NullNode: no event.
        event = event == null || event.isNull() || event.isMissingNode() ? null : event;
    }

    /** A finished task's webhook. */
    public static WebhookJob finishedTask(String projectId, String taskId) {
        return new WebhookJob(projectId, taskId, null);
    }

    /** A people event for the project's {@code events_webhook}. */
    public static WebhookJob projectEvent(String projectId, JsonNode event) {
        return new WebhookJob(projectId, null, event);
    }
}
