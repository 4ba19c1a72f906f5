package dev.loupe.core.stream;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.loupe.core.FunctionLog;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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

    /**
     * The Lambda event's attribute values in the SDK's form, which the table's schema reads. (The events library's
     * own converter, aws-lambda-java-events-sdk-transformer, is one more dependency for these few lines.)
     */
    protected static Map<String, AttributeValue> image(Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb
            .AttributeValue> image) {
        if (image == null) {
            return Map.of();
        }
        Map<String, AttributeValue> converted = new LinkedHashMap<>();
        image.forEach((name, value) -> converted.put(name, value(value)));
        return converted;
    }

    private static AttributeValue value(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue v) {
        if (v.getS() != null) return AttributeValue.fromS(v.getS());
        if (v.getN() != null) return AttributeValue.fromN(v.getN());
        if (v.getB() != null) return AttributeValue.fromB(bytes(v.getB()));
        if (v.getBOOL() != null) return AttributeValue.fromBool(v.getBOOL());
        if (v.getSS() != null) return AttributeValue.fromSs(v.getSS());
        if (v.getNS() != null) return AttributeValue.fromNs(v.getNS());
        if (v.getBS() != null) return AttributeValue.fromBs(v.getBS().stream().map(StreamWorker::bytes).toList());
        if (v.getM() != null) return AttributeValue.fromM(image(v.getM()));
        if (v.getL() != null) {
            List<AttributeValue> list = new ArrayList<>();
            v.getL().forEach(item -> list.add(value(item)));
            return AttributeValue.fromL(list);
        }
        return AttributeValue.fromNul(true);
    }

    private static SdkBytes bytes(ByteBuffer buffer) {
        return SdkBytes.fromByteBuffer(buffer.asReadOnlyBuffer());
    }
}
