package dev.loupe.functions.tasks;

import java.time.Clock;
import java.time.Duration;

import dev.loupe.auth.Authentication;
import dev.loupe.core.config.Env;
import dev.loupe.core.dynamo.DynamoDbClients;
import dev.loupe.task.TaskStore;
import dev.loupe.task.TaskWebhookSubjects;
import dev.loupe.webhooks.WebhookDelivery;

/**
 * The webhook sender (TaskWebhookFunction), built once per container on first use; its fetcher is
 * {@link WebhookFetcher}'s.
 */
final class Webhooks {
    /** The most a failed delivery waits before the next: SQS's own limit on a message delay. */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

    private Webhooks() {
    }

    static WebhookDelivery delivery() {
        return Sender.DELIVERY;
    }

    static Duration backoff(int receiveCount) {
        return WebhookDelivery.backoff(Duration.ofSeconds(Long.parseLong(Env.WEBHOOK_BACKOFF_SECONDS.required())),
                receiveCount, MAX_BACKOFF);
    }

    private static final class Sender {
        static final WebhookDelivery DELIVERY = new WebhookDelivery(new TaskWebhookSubjects(
                new TaskStore(DynamoDbClients.client(), Env.TASKS_TABLE.required()),
                publicKey -> Authentication.projects().findByPublicKey(publicKey), Clock.systemUTC()),
                WebhookFetcher.fetcher(), Clock.systemUTC());
    }
}
