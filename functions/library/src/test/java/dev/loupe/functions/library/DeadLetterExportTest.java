package dev.loupe.functions.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.testing.NoAws;
import dev.loupe.core.testing.SampleEvent;
import dev.loupe.core.testing.SampleEvents;
import dev.loupe.library.ExportStore;
import dev.loupe.library.FolderExports;
import dev.loupe.library.FolderStore;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageStore;
import dev.loupe.sqs.JobQueue;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * FolderExportDeadLetterFunction with its sample events, over clients that answer every call empty: a message that
 * is not an export's is dropped, and one for an export that doesn't exist is done with. FolderJobsTest marks a
 * building export failed on the local cloud, and leaves a ready one alone.
 */
class DeadLetterExportTest {
    private static final DynamoDbClient NO_DYNAMO = NoAws.client(DynamoDbClient.class);

    private final DeadLetterExport handler = new DeadLetterExport(new FolderExports(new FolderStore(NO_DYNAMO, "t"),
            new ImageStore(NO_DYNAMO, "t"), new ExportStore(NO_DYNAMO, "t"), NoAws.client(S3Client.class),
            new ImageLinks(NoAws.client(S3Presigner.class), "bucket"),
            new JobQueue(NoAws.client(SqsClient.class), "http://127.0.0.1/queue"), Clock.systemUTC()));

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "FolderExportDeadLetterFunction", only = {"malformed", "gone-export"})
    void eachSampleEventIsDoneWithAndNotReported(SampleEvent event) {
        // both expectations say batchItemFailures is [] (SampleEventsTest checks them on the local cloud too)
        assertThat(event.expected().path("matches").asText()).isEqualTo("^\\[\\]$");
        assertThat(handler.handleRequest(event.as(SQSEvent.class, TestProject.placeholders()), null)
                .getBatchItemFailures()).isEmpty();
    }
}
