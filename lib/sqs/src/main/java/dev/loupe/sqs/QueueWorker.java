package dev.loupe.sqs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.loupe.core.FunctionLog;

/**
 * The frame of every SQS-triggered function (subscribed with {@code ReportBatchItemFailures}): each message is
 * processed on its own; one that throws is reported as failed, so that SQS delivers it again (and, after the queue's
 * maxReceiveCount, to its dead-letter queue) while the others of the batch are done with. Subclasses must make a
 * second delivery harmless: SQS delivers at least once.
 */
public abstract class QueueWorker implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** Time kept back from the function's timeout, so that a long job stops cleanly rather than being killed. */
    private static final long RESERVE_MILLIS = 30_000;

    @Override
    public final SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of()
                : event.getRecords();
        List<Delivery> deliveries = records.stream().map(Delivery::of).toList();
        Collection<String> failed = processAll(deliveries, deadline(context),
                line -> FunctionLog.line(context, line));
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        failed.forEach(id -> failures.add(new SQSBatchResponse.BatchItemFailure(id)));
        return new SQSBatchResponse(failures);
    }

    /**
     * Handles a batch and answers the ids of the messages to deliver again. By default each message on its own
     * ({@link #processOne}); a worker that does better with the whole batch at once overrides this, and stays
     * bound by the same rule: a message it reports comes again, the others are done with.
     */
    protected Collection<String> processAll(List<Delivery> deliveries, Instant deadline, Log log) {
        List<String> failed = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            if (!processOne(delivery, deadline, log)) {
                failed.add(delivery.messageId());
            }
        }
        return failed;
    }

    /** Handles one delivery ({@link #process}); false when it must come again (logged here). */
    protected final boolean processOne(Delivery delivery, Instant deadline, Log log) {
        try {
            process(delivery, deadline, log);
            return true;
        } catch (RuntimeException e) {
            logFailure(delivery.messageId(), e, log);
            return false;
        }
    }

    /** Logs why a message goes back to the queue: {@link RetryLater} in a line, anything else with its trace. */
    protected static void logFailure(String messageId, RuntimeException e, Log log) {
        if (e instanceof RetryLater) {
            log.line("message " + messageId + " comes again later: " + e.getMessage());
        } else {
            log.line("ERROR message " + messageId + " failed and goes back to the queue: " + FunctionLog.stackTrace(e));
        }
    }

    /**
     * One delivery of a message: its body, and what SQS says beside it (the receive count tells a worker whether
     * this is the last delivery before the dead-letter queue; the receipt handle lets it change its visibility).
     */
    public record Delivery(String messageId, String body, int receiveCount, String receiptHandle) {
        static Delivery of(SQSEvent.SQSMessage message) {
            int receives;
            try {
                receives = Integer.parseInt(message.getAttributes() == null ? "1"
                        : message.getAttributes().getOrDefault("ApproximateReceiveCount", "1"));
            } catch (NumberFormatException e) {
                receives = 1;
            }
            return new Delivery(message.getMessageId(), message.getBody(), receives, message.getReceiptHandle());
        }
    }

    /** Thrown to have a message delivered again later without it being a failure (a webhook receiver is down). */
    public static final class RetryLater extends RuntimeException {
        public RetryLater(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * The delivery's body as a {@code type}, or empty when it is not one: such a message is logged and dropped (not
     * reported), since no later delivery will make it one and retrying would only take it to the dead-letter queue.
     */
    protected static <T> Optional<T> readOrDrop(Delivery delivery, Class<T> type, Log log) {
        try {
            return Optional.of(JobQueue.read(delivery.body(), type));
        } catch (IllegalArgumentException e) {
            log.line("ERROR dropping message " + delivery.messageId() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Handles one delivery; throws to have it delivered again. Most workers need only its body. */
    protected void process(Delivery delivery, Instant deadline, Log log) {
        process(delivery.body(), deadline, log);
    }

    /** Handles one message's body; throws to have it delivered again. */
    protected void process(String body, Instant deadline, Log log) {
        throw new IllegalStateException(getClass().getName() + " handles neither a delivery nor a body");
    }

    /** Where a worker says what it did, one line at a time (the function's log). */
    @FunctionalInterface
    public interface Log {
        void line(String text);
    }

    private static Instant deadline(Context context) {
        if (context == null) {
            return Instant.MAX;
        }
        return Instant.now().plusMillis(Math.max(0, context.getRemainingTimeInMillis() - RESERVE_MILLIS));
    }
}
