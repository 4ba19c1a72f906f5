package dev.loupe.functions.tasks;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.loupe.sqs.QueueWorker;
import dev.loupe.webhooks.WebhookDelivery;
import dev.loupe.webhooks.WebhookJob;

/**
 * WebhookQueue's consumer: POSTs a finished task to its webhook, or a project's people event to the project's
 * events webhook ({@link WebhookDelivery}). A failed delivery (non-2xx,
 * no connection, timeout) gets an exponential backoff as its visibility timeout ({@code WEBHOOK_BACKOFF_SECONDS × 2^
 * (receives-1)}, at most 15 minutes) and is reported (ReportBatchItemFailures), so SQS delivers it again then; after
 * the queue's maxReceiveCount it goes to WebhookDeadLetterQueue. A message that can never be delivered (the task is
 * gone, the address is now refused) is logged and dropped.
 */
public final class SendWebhook extends QueueWorker {
    /** The most a failed delivery waits before the next: SQS's own limit on a message delay. */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

    /** Delays a message's next delivery (its visibility timeout). */
    @FunctionalInterface
    interface Postpone {
        void by(String receiptHandle, Duration delay);
    }

    private final WebhookDelivery sender;
    private final Duration backoffBase;
    private final Postpone postpone;

    public SendWebhook() {
        this(TaskWiring.webhookDelivery(), TaskWiring.webhookBackoff(), TaskWiring::postponeWebhook);
    }

    SendWebhook(WebhookDelivery sender, Duration backoffBase, Postpone postpone) {
        this.sender = sender;
        this.backoffBase = backoffBase;
        this.postpone = postpone;
    }

    @Override
    protected void process(Delivery delivery, Instant deadline, Log log) {
        Optional<WebhookJob> read = readOrDrop(delivery, WebhookJob.class, log);
        if (read.isEmpty()) {
            return;
        }
        WebhookJob job = read.get();
        WebhookDelivery.Result result;
        try {
            result = sender.deliver(job);
        } catch (RuntimeException e) {
            result = new WebhookDelivery.Result(WebhookDelivery.Outcome.RETRY, e.toString());
        }
        String subject = job.event() != null ? "event " + job.event().path("id").asText() + " of project "
                + job.projectId() : "task " + job.taskId();
        log.line("webhook of " + subject + " (delivery " + delivery.receiveCount() + "): "
                + result.outcome() + ", " + result.detail());
        if (result.outcome() == WebhookDelivery.Outcome.RETRY) {
            Duration backoff = WebhookDelivery.backoff(backoffBase, delivery.receiveCount(), MAX_BACKOFF);
            try {
                postpone.by(delivery.receiptHandle(), backoff);
            } catch (RuntimeException e) {
                // The queue's own visibility timeout applies instead: a later retry, not a lost one.
                log.line("WARN could not set the backoff of " + delivery.messageId() + ": " + e);
            }
            throw new RetryLater("the webhook answered " + result.detail() + "; again in " + backoff.toSeconds()
                    + " s");
        }
    }
}
