package dev.loupe.tasks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.loupe.shared.config.Env;
import dev.loupe.shared.jobs.JobQueue;
import dev.loupe.shared.storage.AwsClients;
import dev.loupe.shared.webhook.WebhookDelivery;
import dev.loupe.shared.webhook.WebhookJob;

/**
 * WebhookQueue's consumer: POSTs a finished task to its webhook ({@link WebhookDelivery}). A failed delivery (non-2xx,
 * no connection, timeout) gets an exponential backoff as its visibility timeout ({@code WEBHOOK_BACKOFF_SECONDS × 2^
 * (receives-1)}, at most 15 minutes) and is reported (ReportBatchItemFailures), so SQS delivers it again then; after
 * the queue's maxReceiveCount it goes to WebhookDeadLetterQueue. A message that can never be delivered (the task is
 * gone, the address is now refused) is logged and dropped. Not a {@code QueueWorker}: it needs each message's
 * receive count and receipt handle.
 */
public final class SendWebhook implements RequestHandler<SQSEvent, SQSBatchResponse> {
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of()
                : event.getRecords();
        for (SQSEvent.SQSMessage message : records) {
            WebhookJob job;
            try {
                job = JobQueue.read(message.getBody(), WebhookJob.class);
            } catch (IllegalArgumentException e) {
                log(context, "ERROR dropping message " + message.getMessageId() + ": " + e.getMessage());
                continue;
            }
            int receives = receives(message);
            WebhookDelivery.Result result;
            try {
                result = Webhooks.delivery().deliver(job);
            } catch (RuntimeException e) {
                result = new WebhookDelivery.Result(WebhookDelivery.Outcome.RETRY, e.toString());
            }
            log(context, "webhook of task " + job.taskId() + " (delivery " + receives + "): " + result.outcome()
                    + ", " + result.detail());
            if (result.outcome() == WebhookDelivery.Outcome.RETRY) {
                Duration backoff = Webhooks.backoff(receives);
                try {
                    AwsClients.sqs().changeMessageVisibility(r -> r.queueUrl(Env.WEBHOOK_QUEUE_URL.required())
                            .receiptHandle(message.getReceiptHandle()).visibilityTimeout((int) backoff.toSeconds()));
                } catch (RuntimeException e) {
                    // The queue's own visibility timeout applies instead: a later retry, not a lost one.
                    log(context, "WARN could not set the backoff of " + message.getMessageId() + ": " + e);
                }
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private static int receives(SQSEvent.SQSMessage message) {
        try {
            return Integer.parseInt(message.getAttributes().getOrDefault("ApproximateReceiveCount", "1"));
        } catch (RuntimeException e) {
            return 1;
        }
    }

    private static void log(Context context, String line) {
        if (context != null) {
            context.getLogger().log(line);
        } else {
            System.out.println(line);
        }
    }
}
