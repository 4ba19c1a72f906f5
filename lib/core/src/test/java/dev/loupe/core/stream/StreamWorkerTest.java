package dev.loupe.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import org.junit.jupiter.api.Test;

/** Lambda's ordered-batch rule: the first failing record and every record after it are reported, nothing else. */
class StreamWorkerTest {
    private static final class Recording extends StreamWorker {
        final List<String> processed = new ArrayList<>();
        private final String failing;

        Recording(String failing) {
            this.failing = failing;
        }

        @Override
        protected void process(DynamodbEvent.DynamodbStreamRecord record, Log log) {
            String sequence = record.getDynamodb().getSequenceNumber();
            if (sequence.equals(failing)) {
                throw new IllegalStateException("record " + sequence + " is broken");
            }
            processed.add(sequence);
        }
    }

    private static DynamodbEvent batch(String... sequenceNumbers) {
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (String sequence : sequenceNumbers) {
            var record = new DynamodbEvent.DynamodbStreamRecord();
            record.setEventName("MODIFY");
            record.setDynamodb(new StreamRecord().withSequenceNumber(sequence));
            records.add(record);
        }
        var event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    private static List<String> failures(StreamsEventResponse response) {
        return response.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }

    @Test
    void theFirstFailureStopsTheBatchAndIsReportedWithEveryLaterRecord() {
        var worker = new Recording("2");

        var response = worker.handleRequest(batch("1", "2", "3", "4"), null);

        assertThat(worker.processed).containsExactly("1");
        assertThat(failures(response)).containsExactly("2", "3", "4");
    }

    @Test
    void aFailingLastRecordIsReportedAlone() {
        var worker = new Recording("3");

        assertThat(failures(worker.handleRequest(batch("1", "2", "3"), null))).containsExactly("3");
        assertThat(worker.processed).containsExactly("1", "2");
    }

    @Test
    void aBatchWithoutFailuresReportsNone() {
        var worker = new Recording("none");

        assertThat(failures(worker.handleRequest(batch("1", "2"), null))).isEmpty();
        assertThat(failures(worker.handleRequest(new DynamodbEvent(), null))).isEmpty();
        assertThat(worker.processed).containsExactly("1", "2");
    }
}
