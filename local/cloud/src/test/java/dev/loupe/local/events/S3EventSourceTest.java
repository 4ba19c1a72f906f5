package dev.loupe.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;

import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.Eventually;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** S3 notifications derived from S3Proxy's blob store: what is created or removed under a subscribed prefix. */
@ExtendWith(SharedEmulators.class)
class S3EventSourceTest {
    private static final String WATCHER = "UploadWatcherFunction";
    private static final String FLAKY = "FlakyUploadFunction";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static Emulators emulators;
    private static S3Client s3;
    private static String bucket;
    private static S3EventSource source;
    private static final RecordingInvoker invoker = new RecordingInvoker();
    private static final AtomicInteger flakyCalls = new AtomicInteger();

    @BeforeAll
    static void start(Emulators shared) {
        emulators = shared;
        var template = Fixtures.fixtureTemplate();
        s3 = Backend.of(emulators).s3();
        Provisioned provisioned;
        try (var dynamoDb = Backend.of(emulators).dynamoDb(); var sqs = Backend.of(emulators).sqs()) {
            provisioned = new Provisioner(dynamoDb, sqs, s3).provision(template);
        }
        bucket = provisioned.bucketName("FixtureBucket");
        // Fails its first invocation, as a function with a transient error would.
        invoker.answer(FLAKY, json -> {
            if (flakyCalls.incrementAndGet() == 1) {
                throw RecordingInvoker.failure("transient");
            }
            return null;
        });
        source = new S3EventSource(template, provisioned, invoker, emulators.region(), new long[]{100, 200});
        source.start();
        emulators.addS3EventListener(source);
    }

    @AfterAll
    static void stop() {
        emulators.removeS3EventListener(source);
        source.close();
        s3.close();
    }

    @Test
    void putUnderTheSubscribedPrefixIsAnObjectCreatedEventWithAnEncodedKey() throws Exception {
        s3.putObject(b -> b.bucket(bucket).key("elsewhere/a b+c.jpg"), RequestBody.fromString("not watched"));
        s3.putObject(b -> b.bucket(bucket).key("uploads/a b+c.jpg"), RequestBody.fromString("jpeg bytes"));

        S3EventNotificationRecord record = awaitRecord(WATCHER, r -> r.getS3().getObject().getKey()
                .equals("uploads/a+b%2Bc.jpg"));
        assertThat(record.getEventName()).isEqualTo("ObjectCreated:Put");
        assertThat(record.getEventVersion()).isEqualTo("2.1");
        assertThat(record.getEventSource()).isEqualTo("aws:s3");
        assertThat(record.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(record.getEventTime().getMillis()).isCloseTo(System.currentTimeMillis(), within(60_000L));
        assertThat(record.getS3().getS3SchemaVersion()).isEqualTo("1.0");
        assertThat(record.getS3().getConfigurationId()).isNotBlank();
        assertThat(record.getS3().getBucket().getName()).isEqualTo(bucket).isEqualTo("loupe-fixturebucket");
        assertThat(record.getS3().getBucket().getArn()).isEqualTo("arn:aws:s3:::loupe-fixturebucket");
        var object = record.getS3().getObject();
        assertThat(object.getUrlDecodedKey()).isEqualTo("uploads/a b+c.jpg");
        assertThat(object.getSizeAsLong()).isEqualTo("jpeg bytes".length());
        assertThat(object.geteTag()).isEqualTo(md5("jpeg bytes"));
        assertThat(object.getSequencer()).matches("[0-9A-F]+");

        Thread.sleep(300); // the unwatched PUT came first: its event would have been delivered by now
        assertThat(records(WATCHER, r -> r.getS3().getObject().getKey().startsWith("elsewhere/"))).isEmpty();
        assertThat(invoker.eventsOf(WATCHER)).allSatisfy(json -> assertThat(s3Event(json).getRecords()).hasSize(1));
    }

    @Test
    void presignedPutIsAnObjectCreatedEvent() throws Exception {
        URI url;
        try (S3Presigner presigner = Backend.of(emulators).s3Presigner()) {
            url = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(o -> o.bucket(bucket).key("uploads/presigned photo.png"))).url().toURI();
        }
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(url.getPath()).startsWith("/" + bucket + "/uploads/");
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url)
                    .PUT(HttpRequest.BodyPublishers.ofString("png bytes")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }

        var record = awaitRecord(WATCHER, r -> r.getS3().getObject().getKey().equals("uploads/presigned+photo.png"));
        assertThat(record.getEventName()).isEqualTo("ObjectCreated:Put");
        assertThat(record.getS3().getObject().getSizeAsLong()).isEqualTo("png bytes".length());
    }

    @Test
    void deleteIsAnObjectRemovedEvent() {
        s3.putObject(b -> b.bucket(bucket).key("uploads/doomed.txt"), RequestBody.fromString("bye"));
        s3.deleteObject(b -> b.bucket(bucket).key("uploads/doomed.txt"));

        var record = awaitRecord(WATCHER, r -> r.getEventName().startsWith("ObjectRemoved")
                && r.getS3().getObject().getKey().equals("uploads/doomed.txt"));
        assertThat(record.getEventName()).isEqualTo("ObjectRemoved:Delete");
        // S3 sends no size or eTag for removals; the runtime's deserializer turns the missing eTag into "".
        assertThat(record.getS3().getObject().geteTag()).isNullOrEmpty();
        assertThat(record.getS3().getObject().getSequencer()).isNotBlank();

        s3.putObject(b -> b.bucket(bucket).key("uploads/batch-1.txt"), RequestBody.fromString("1"));
        s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
                ObjectIdentifier.builder().key("uploads/batch-1.txt").build())));
        awaitRecord(WATCHER, r -> r.getEventName().equals("ObjectRemoved:Delete")
                && r.getS3().getObject().getKey().equals("uploads/batch-1.txt"));
    }

    @Test
    void copyAndMultipartUploadAreObjectCreatedEvents() {
        s3.putObject(b -> b.bucket(bucket).key("elsewhere/original.txt"), RequestBody.fromString("copy me"));
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("elsewhere/original.txt")
                .destinationBucket(bucket).destinationKey("uploads/copy.txt"));
        var copy = awaitRecord(WATCHER, r -> r.getS3().getObject().getKey().equals("uploads/copy.txt"));
        assertThat(copy.getEventName()).isEqualTo("ObjectCreated:Copy");
        assertThat(copy.getS3().getObject().getSizeAsLong()).isEqualTo("copy me".length());

        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("uploads/multi.bin")).uploadId();
        String eTag = s3.uploadPart(b -> b.bucket(bucket).key("uploads/multi.bin").uploadId(uploadId).partNumber(1),
                RequestBody.fromString("one small last part")).eTag();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("uploads/multi.bin").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(eTag).build())));
        var multipart = awaitRecord(WATCHER, r -> r.getS3().getObject().getKey().equals("uploads/multi.bin"));
        assertThat(multipart.getEventName()).isEqualTo("ObjectCreated:CompleteMultipartUpload");
        assertThat(multipart.getS3().getObject().getSizeAsLong()).isEqualTo("one small last part".length());
        assertThat(multipart.getS3().getObject().geteTag()).endsWith("-1").doesNotContain("\"");
    }

    @Test
    void failedDeliveryIsRetried() {
        s3.putObject(b -> b.bucket(bucket).key("flaky/once.txt"), RequestBody.fromString("x"));

        Eventually.until(WAIT, "a retry after the failure", () -> invoker.eventsOf(FLAKY).size() >= 2);
        assertThat(invoker.eventsOf(FLAKY)).hasSize(2).allSatisfy(json ->
                assertThat(s3Event(json).getRecords().getFirst().getS3().getObject().getKey()).isEqualTo("flaky/once.txt"));
    }

    private static S3EventNotificationRecord awaitRecord(String function, Predicate<S3EventNotificationRecord> wanted) {
        return Eventually.value(WAIT, "an S3 event for " + function,
                () -> records(function, wanted).stream().findFirst().orElse(null));
    }

    private static List<S3EventNotificationRecord> records(String function, Predicate<S3EventNotificationRecord> wanted) {
        return invoker.eventsOf(function).stream()
                .flatMap(json -> s3Event(json).getRecords().stream())
                .filter(wanted)
                .toList();
    }

    private static S3Event s3Event(String json) {
        return LambdaEventSerializers.serializerFor(S3Event.class, S3EventSourceTest.class.getClassLoader())
                .fromJson(json);
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
