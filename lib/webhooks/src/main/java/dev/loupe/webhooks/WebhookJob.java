package dev.loupe.webhooks;

/**
 * A WebhookQueue message: which task to report. Only ids: the body is rendered and signed when it is sent (so it is
 * the task as it is then) and the secret key is read from the projects table, never carried in a queue.
 */
public record WebhookJob(String projectId, String taskId) {
}
