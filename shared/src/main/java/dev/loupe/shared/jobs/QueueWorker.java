package dev.loupe.shared.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

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
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of()
                : event.getRecords();
        for (SQSEvent.SQSMessage message : records) {
            try {
                process(message.getBody(), deadline(context), line -> log(context, line));
            } catch (RuntimeException e) {
                log(context, "ERROR message " + message.getMessageId() + " failed and goes back to the queue: "
                        + stackTrace(e));
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** Handles one message; throws to have it delivered again. */
    protected abstract void process(String body, Instant deadline, Log log);

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

    private static void log(Context context, String line) {
        if (context != null) {
            context.getLogger().log(line);
        } else {
            System.out.println(line);
        }
    }

    private static String stackTrace(Throwable t) {
        var out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
