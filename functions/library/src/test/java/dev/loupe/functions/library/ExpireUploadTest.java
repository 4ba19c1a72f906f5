package dev.loupe.functions.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.testing.NoAws;
import dev.loupe.core.testing.SampleEvent;
import dev.loupe.core.testing.SampleEvents;
import dev.loupe.imaging.ImagingEngine;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.ImageStore;
import dev.loupe.library.IngestService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * UploadExpiryFunction with its sample event, over clients that answer every call empty: the removal of an expiry
 * marker whose image is gone is done with, and records that are not such removals are skipped without a read.
 * UploadExpiryTest (local/it) fails a pending upload on the local cloud after DynamoDB Local's TTL removes its marker.
 */
class ExpireUploadTest {
    private final ExpireUpload handler = new ExpireUpload(new IngestService(
            new ImageStore(NoAws.client(DynamoDbClient.class), "t"), new ImagingEngine(), Clock.systemUTC()),
            new ImageObjects(NoAws.client(S3Client.class), "bucket"));

    @ParameterizedTest(name = "{0}")
    @SampleEvents("UploadExpiryFunction")
    void theRemovalOfAMarkerWhoseImageIsGoneIsDoneWith(SampleEvent event) {
        assertThat(event.expected().path("matches").asText()).isEqualTo("^\\[\\]$");
        assertThat(handler.handleRequest(event.as(DynamodbEvent.class, TestProject.placeholders()), null)
                .getBatchItemFailures()).isEmpty();
    }

    @Test
    void otherRecordsAreSkippedWithoutAnyCall() {
        ExpireUpload failing = new ExpireUpload(new IngestService(new ImageStore(null, "t"), new ImagingEngine(),
                Clock.systemUTC()), new ImageObjects(null, "bucket"));
        DynamodbEvent.DynamodbStreamRecord insert = new DynamodbEvent.DynamodbStreamRecord();
        insert.setEventName("INSERT");
        insert.setDynamodb(new StreamRecord().withSequenceNumber("1").withOldImage(Map.of(
                "sk", new AttributeValue("UPLOAD_EXPIRY"), "project_id", new AttributeValue("p"),
                "image_id", new AttributeValue("i"))));
        DynamodbEvent.DynamodbStreamRecord imageRemoved = new DynamodbEvent.DynamodbStreamRecord();
        imageRemoved.setEventName("REMOVE");
        imageRemoved.setDynamodb(new StreamRecord().withSequenceNumber("2").withOldImage(Map.of(
                "sk", new AttributeValue("IMAGE"), "project_id", new AttributeValue("p"),
                "image_id", new AttributeValue("i"))));
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(insert, imageRemoved));
        // a null client would fail any call: nothing is read or written
        assertThat(failing.handleRequest(event, null).getBatchItemFailures()).isEmpty();
    }
}
