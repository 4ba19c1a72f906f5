package dev.loupe.local.events;

import java.util.ArrayList;
import java.util.List;

import dev.loupe.local.lambda.Invoker;
import dev.loupe.local.template.FunctionDef.SqsSource;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * One SQS event source mapping: receive a batch, invoke the function, delete what it processed. Failed messages
 * stay in the queue; they come back after the queue's visibility timeout, and ElasticMQ moves them to the
 * dead-letter queue after maxReceiveCount, as SQS does.
 *
 * <p>Lambda polls with several pollers and invokes batches concurrently; this is one poller, one batch at a time,
 * of at most 10 messages (one ReceiveMessage, as Lambda does without a batching window), and
 * {@link SqsEventSource} runs several of them per subscription.
 */
final class SqsPoller extends Poller {
    private static final int LONG_POLL_SECONDS = 1;

    private final SqsSource source;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final SqsClient sqs;
    private final Invoker invoker;
    private final Deliveries deliveries;

    SqsPoller(SqsSource source, String queueUrl, String queueArn, String region, SqsClient sqs, Invoker invoker,
              Deliveries deliveries) {
        this.deliveries = deliveries;
        this.source = source;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.sqs = sqs;
        this.invoker = invoker;
    }

    @Override
    protected boolean pollOnce() {
        List<Message> messages = receive();
        if (!messages.isEmpty() && running()) {
            deliver(messages);
        }
        // Receiving long-polls, so an empty round needs no pause of its own.
        return true;
    }

    @Override
    protected long idlePauseMillis() {
        return 0;
    }

    @Override
    protected String describe() {
        return "[sqs] " + source.queueId() + " -> " + source.functionId();
    }

    private List<Message> receive() {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                        .maxNumberOfMessages(Math.clamp(source.batchSize(), 1, 10))
                        .waitTimeSeconds(LONG_POLL_SECONDS)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"))
                .messages();
    }

    private void deliver(List<Message> received) {
        List<Message> messages = received;
        if (source.filters().filters()) {
            // As Lambda does: a message that matches no filter is deleted, never delivered.
            List<Message> matched = received.stream().filter(m -> source.filters().matches(
                    SqsEventJson.filterable(m, queueArn, region))).toList();
            List<Message> dropped = received.stream().filter(m -> !matched.contains(m)).toList();
            messages = matched;
            if (!dropped.isEmpty()) {
                delete(dropped);
                deliveries.filteredOut(source.functionId(), dropped.size());
            }
            if (messages.isEmpty()) {
                return;
            }
        }
        List<com.fasterxml.jackson.databind.node.ObjectNode> records = messages.stream()
                .map(message -> SqsEventJson.record(message, queueArn, region)).toList();
        deliveries.delivered(source.functionId(), records);
        String event = SqsEventJson.of(records);
        String result;
        try {
            result = invoker.invoke(source.functionId(), event);
        } catch (Invoker.FunctionFailedException | RuntimeException e) {
            // Like Lambda: the whole batch stays in the queue and becomes visible again after the timeout.
            System.err.println("[sqs] " + source.functionId() + " failed on " + messages.size() + " message(s) from "
                    + source.queueId() + ", none deleted: " + e.getMessage());
            return;
        }
        List<String> ids = messages.stream().map(Message::messageId).toList();
        BatchItemFailures failures = source.reportBatchItemFailures()
                ? BatchItemFailures.read(result, ids) : BatchItemFailures.none();
        if (failures.wholeBatchFailed()) {
            System.err.println("[sqs] " + source.functionId() + " failed the whole batch of " + messages.size()
                    + " from " + source.queueId() + " (" + failures.reason() + "), none deleted");
            return;
        }
        List<Message> done = messages.stream().filter(m -> !failures.failedIds().contains(m.messageId())).toList();
        delete(done);
        System.out.println("[sqs] " + source.functionId() + " <- " + messages.size() + " message(s) from "
                + source.queueId() + ": " + done.size() + " deleted"
                + (failures.failedIds().isEmpty() ? "" : ", " + failures.failedIds().size() + " reported failed"));
    }

    private void delete(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            List<Message> chunk = messages.subList(from, Math.min(from + 10, messages.size()));
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder()
                        .id(String.valueOf(i))
                        .receiptHandle(chunk.get(i).receiptHandle())
                        .build());
            }
            var response = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            response.failed().forEach(f -> System.err.println("[sqs] could not delete a message from "
                    + source.queueId() + ": " + f.code() + " " + f.message()));
        }
    }
}
