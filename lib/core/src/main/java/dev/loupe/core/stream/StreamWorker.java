package dev.loupe.core.stream;

import java.util.ArrayList;
import java.util.List;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.loupe.core.FunctionLog;

/**
 * The frame of every DynamoDB stream consumer (subscribed with {@code FunctionResponseTypes:
 * ReportBatchItemFailures}), beside the SQS {@code QueueWorker}. A stream's records are ordered, and a later change of
 * an item must never be applied before an earlier one: so the records are processed in order, and the first one that
 * throws stops the batch. It and every record after it are reported as {@code batchItemFailures}, and Lambda delivers
 * the batch again from it; the records before it are done with. Subclasses must make a second delivery of a record
 * harmless: a retried batch may repeat records that had already been applied when a later one failed before.
 */
public abstract class StreamWorker implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    @Override
    public final StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<DynamodbEvent.DynamodbStreamRecord> records = event == null || event.getRecords() == null ? List.of()
                : event.getRecords();
        Log log = line -> FunctionLog.line(context, line);
        for (int i = 0; i < records.size(); i++) {
            DynamodbEvent.DynamodbStreamRecord record = records.get(i);
            try {
                process(record, log);
            } catch (RuntimeException e) {
                List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
                for (DynamodbEvent.DynamodbStreamRecord failed : records.subList(i, records.size())) {
                    failures.add(new StreamsEventResponse.BatchItemFailure(sequenceNumber(failed)));
                }
                log.line("ERROR record " + sequenceNumber(record) + " failed; it and the " + (failures.size() - 1)
                        + " record(s) after it come again: " + FunctionLog.stackTrace(e));
                return new StreamsEventResponse(failures);
            }
        }
        return new StreamsEventResponse(List.of());
    }

    /** Applies one record's change; throws to have it, and the records after it, delivered again. */
    protected abstract void process(DynamodbEvent.DynamodbStreamRecord record, Log log);

    /** Where a worker says what it did, one line at a time (the function's log). */
    @FunctionalInterface
    public interface Log {
        void line(String text);
    }

    private static String sequenceNumber(DynamodbEvent.DynamodbStreamRecord record) {
        return record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
    }
}
