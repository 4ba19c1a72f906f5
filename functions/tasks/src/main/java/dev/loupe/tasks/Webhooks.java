package dev.loupe.tasks;

import java.time.Clock;
import java.time.Duration;

import dev.loupe.shared.auth.Authentication;
import dev.loupe.shared.config.Env;
import dev.loupe.shared.storage.AwsClients;
import dev.loupe.shared.task.TaskStore;
import dev.loupe.shared.webhook.WebhookDelivery;

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
        static final WebhookDelivery DELIVERY = new WebhookDelivery(
                new TaskStore(AwsClients.dynamoDb(), Env.TASKS_TABLE.required()),
                publicKey -> Authentication.projects().findByPublicKey(publicKey), WebhookFetcher.fetcher(),
                Clock.systemUTC());
    }
}
