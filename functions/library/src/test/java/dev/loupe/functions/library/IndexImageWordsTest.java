package dev.loupe.functions.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.testing.NoAws;
import dev.loupe.core.testing.SampleEvent;
import dev.loupe.core.testing.SampleEvents;
import dev.loupe.library.ImageWordIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * ImageWordIndexFunction with its sample event, over a client that answers every call empty (the renamed image is
 * gone, and so are its entries: nothing to do), and records of other items skipped without a call.
 * ImageWordIndexTest (lib/library) checks the index itself against DynamoDB Local, redelivered and out of order.
 */
class IndexImageWordsTest {
    @ParameterizedTest(name = "{0}")
    @SampleEvents("ImageWordIndexFunction")
    void aRenameOfAnImageThatIsGoneIsDoneWith(SampleEvent event) {
        IndexImageWords handler = new IndexImageWords(new ImageWordIndex(NoAws.client(DynamoDbClient.class), "t"));
        assertThat(event.expected().path("matches").asText()).isEqualTo("^\\[\\]$");
        assertThat(handler.handleRequest(event.as(DynamodbEvent.class, TestProject.placeholders()), null)
                .getBatchItemFailures()).isEmpty();
    }

    @Test
    void recordsOfOtherItemsAreSkippedWithoutAnyCall() {
        IndexImageWords handler = new IndexImageWords(new ImageWordIndex(null, "t"));
        DynamodbEvent.DynamodbStreamRecord entry = new DynamodbEvent.DynamodbStreamRecord();
        entry.setEventName("INSERT");
        entry.setDynamodb(new StreamRecord().withSequenceNumber("1").withNewImage(Map.of(
                "pk", new AttributeValue("P#p#W#su"), "sk", new AttributeValue("2026-01-01T00:00:00.000Z\u0001i"))));
        DynamodbEvent.DynamodbStreamRecord usage = new DynamodbEvent.DynamodbStreamRecord();
        usage.setEventName("REMOVE");
        usage.setDynamodb(new StreamRecord().withSequenceNumber("2").withOldImage(Map.of(
                "pk", new AttributeValue("P#p#I#i"), "sk", new AttributeValue("USAGE#gallery#g"))));
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(entry, usage));
        // a null client would fail any call: nothing is read or written
        assertThat(handler.handleRequest(event, null).getBatchItemFailures()).isEmpty();
    }
}
