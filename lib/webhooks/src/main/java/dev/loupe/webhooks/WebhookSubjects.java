package dev.loupe.webhooks;

/**
 * What a webhook message reports, answered by the module that owns the subject (a finished task, or a project's people event): where to send it, the
 * key that signs it and the body, or why there is nothing to send. This keeps delivery free of any domain.
 */
public interface WebhookSubjects {
    /** The message for {@code job}, read when it is sent (so it is the subject as it is then). */
    Subject find(WebhookJob job);

    /** One queue, two subjects: a project's events ({@link WebhookJob#event}) and finished tasks (the rest). */
    static WebhookSubjects byJob(WebhookSubjects tasks, WebhookSubjects projectEvents) {
        return job -> job.event() != null ? projectEvents.find(job) : tasks.find(job);
    }

    /** A message to send, or the reason there is none. */
    sealed interface Subject {
    }

    /** POST {@code body} (JSON) to {@code url}, signed with {@code signingKey}. */
    record Send(String url, String signingKey, byte[] body) implements Subject {
    }

    /** Nothing to send, and never will be (subject gone, no webhook): the reason is logged. */
    record Drop(String reason) implements Subject {
    }
}
