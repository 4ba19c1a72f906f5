package dev.loupe.functions.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
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
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;

/**
 * ImageIngestFunction with its sample events (S3's Object Created events to EventBridge), over a table that holds
 * nothing: an original no upload asked for is removed by its key as stored, anything but an original is ignored.
 * LibraryUploadTest (local/it) ingests real uploads on the local cloud.
 */
class IngestImageTest {
    private final List<String> deleted = new CopyOnWriteArrayList<>();
    private final List<String> buckets = new CopyOnWriteArrayList<>();
    private final IngestImage handler = new IngestImage(new IngestService(
            new ImageStore(NoAws.client(DynamoDbClient.class), "t"), new ImagingEngine(), Clock.systemUTC()),
            name -> {
                buckets.add(name);
                return new ImageObjects(recordingDeletes(), name);
            });

    @ParameterizedTest(name = "{0}")
    @SampleEvents("ImageIngestFunction")
    void eachSampleEventHasItsOutcome(SampleEvent event) {
        String outcome = handler.handleRequest(event.as(ScheduledEvent.class, TestProject.placeholders()), null);
        assertThat(outcome).containsPattern(event.expected().path("response_matches").asText());
        assertThat(buckets).containsOnly("loupe-imagebucket");
    }

    @Test
    void theKeyIsTakenAsStoredNotUrlDecoded() {
        String key = "originals/p1/no-such-upload/big scan + notes%20.png";
        String outcome = handler.handleRequest(objectCreated("images", key), null);

        assertThat(outcome).isEqualTo("REMOVED_UNKNOWN");
        assertThat(deleted).containsExactly(key);
        assertThat(buckets).containsExactly("images");
    }

    @Test
    void anEventWithoutAnObjectIsRefused() {
        ScheduledEvent event = new ScheduledEvent().withDetailType("Object Created")
                .withDetail(Map.of("bucket", Map.of("name", "images")));
        assertThatThrownBy(() -> handler.handleRequest(event, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("object");
        assertThat(deleted).isEmpty();
    }

    private static ScheduledEvent objectCreated(String bucket, String key) {
        return new ScheduledEvent().withSource("aws.s3").withDetailType("Object Created").withDetail(Map.of(
                "version", "0",
                "bucket", Map.of("name", bucket),
                "object", Map.of("key", key, "size", 1024, "etag", "9e107d9d372bb6826bd81d3542a419d6"),
                "reason", "PutObject"));
    }

    /** An S3 client that answers every call empty and notes the key of each DeleteObject. */
    private S3Client recordingDeletes() {
        S3Client empty = NoAws.client(S3Client.class);
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[]{S3Client.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("deleteObject") && args[0] instanceof java.util.function.Consumer<?>) {
                        return InvocationHandler.invokeDefault(proxy, method, args); // builds the request
                    }
                    if (method.getName().equals("deleteObject") && args[0] instanceof DeleteObjectRequest request) {
                        deleted.add(request.key());
                    }
                    return method.invoke(empty, args);
                });
    }
}
