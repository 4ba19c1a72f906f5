package dev.loupe.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

/**
 * S3's events to EventBridge, derived from S3Proxy's blob store and delivered to the rules whose pattern they match:
 * only from buckets with EventBridge enabled, one object per event, the key as stored.
 */
@ExtendWith(SharedEmulators.class)
class S3EventSourceTest {
    private static final String WATCHER = "UploadWatcherFunction";
    private static final String ANY_BUCKET = "AnyBucketFunction";
    private static final String FLAKY = "FlakyUploadFunction";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Emulators emulators;
    private static S3Client s3;
    private static String bucket;
    private static String quietBucket;
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
        quietBucket = provisioned.bucketName("FixtureQuietBucket");
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
    void putUnderTheRulesPrefixIsAnObjectCreatedEventWithTheKeyAsStored() throws Exception {
        s3.putObject(b -> b.bucket(bucket).key("elsewhere/a b+c.jpg"), RequestBody.fromString("not watched"));
        s3.putObject(b -> b.bucket(bucket).key("uploads/a b+c.jpg"), RequestBody.fromString("jpeg bytes"));

        JsonNode event = awaitEvent(WATCHER, e -> e.at("/detail/object/key").asText().equals("uploads/a b+c.jpg"));
        assertThat(event.path("version").asText()).isEqualTo("0");
        assertThat(event.path("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(event.path("detail-type").asText()).isEqualTo("Object Created");
        assertThat(event.path("source").asText()).isEqualTo("aws.s3");
        assertThat(event.path("account").asText()).matches("\\d{12}");
        assertThat(event.path("region").asText()).isEqualTo("us-east-1");
        assertThat(Instant.parse(event.path("time").asText())).isBetween(Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(1));
        assertThat(event.path("resources")).hasSize(1);
        assertThat(event.at("/resources/0").asText()).isEqualTo("arn:aws:s3:::loupe-fixturebucket");
        JsonNode detail = event.path("detail");
        assertThat(detail.path("version").asText()).isEqualTo("0");
        assertThat(detail.at("/bucket/name").asText()).isEqualTo(bucket).isEqualTo("loupe-fixturebucket");
        assertThat(detail.at("/object/size").asLong()).isEqualTo("jpeg bytes".length());
        assertThat(detail.at("/object/etag").asText()).isEqualTo(md5("jpeg bytes"));
        assertThat(detail.at("/object/sequencer").asText()).matches("[0-9A-F]+");
        assertThat(detail.path("request-id").asText()).isNotBlank();
        assertThat(detail.path("requester").asText()).isNotBlank();
        assertThat(detail.path("reason").asText()).isEqualTo("PutObject");
        assertThat(event.has("Records")).isFalse();

        // As the Lambda runtime reads it for a handler that takes EventBridge's events.
        ScheduledEvent typed = LambdaEventSerializers.serializerFor(ScheduledEvent.class,
                S3EventSourceTest.class.getClassLoader()).fromJson(JSON.writeValueAsString(event));
        assertThat(typed.getDetailType()).isEqualTo("Object Created");
        assertThat(typed.getResources()).containsExactly("arn:aws:s3:::loupe-fixturebucket");

        Thread.sleep(300); // the unwatched PUT came first: its event would have been delivered by now
        assertThat(events(WATCHER, e -> e.at("/detail/object/key").asText().startsWith("elsewhere/"))).isEmpty();
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

        JsonNode event = awaitEvent(WATCHER, e -> e.at("/detail/object/key").asText().equals("uploads/presigned photo.png"));
        assertThat(event.path("detail-type").asText()).isEqualTo("Object Created");
        assertThat(event.at("/detail/object/size").asLong()).isEqualTo("png bytes".length());
    }

    @Test
    void deleteIsAnObjectDeletedEventForTheRuleThatAsksForIt() {
        s3.putObject(b -> b.bucket(bucket).key("uploads/doomed.txt"), RequestBody.fromString("bye"));
        s3.deleteObject(b -> b.bucket(bucket).key("uploads/doomed.txt"));

        JsonNode event = awaitEvent(WATCHER, e -> e.path("detail-type").asText().equals("Object Deleted")
                && e.at("/detail/object/key").asText().equals("uploads/doomed.txt"));
        assertThat(event.at("/detail/reason").asText()).isEqualTo("DeleteObject");
        assertThat(event.at("/detail/deletion-type").asText()).isEqualTo("Permanently Deleted");
        // S3 sends no size or etag for deletions.
        assertThat(event.at("/detail/object").has("size")).isFalse();
        assertThat(event.at("/detail/object").has("etag")).isFalse();
        assertThat(event.at("/detail/object/sequencer").asText()).isNotBlank();

        s3.putObject(b -> b.bucket(bucket).key("uploads/batch-1.txt"), RequestBody.fromString("1"));
        s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
                ObjectIdentifier.builder().key("uploads/batch-1.txt").build())));
        awaitEvent(WATCHER, e -> e.path("detail-type").asText().equals("Object Deleted")
                && e.at("/detail/object/key").asText().equals("uploads/batch-1.txt"));
    }

    @Test
    void copyAndMultipartUploadAreObjectCreatedEvents() {
        s3.putObject(b -> b.bucket(bucket).key("elsewhere/original.txt"), RequestBody.fromString("copy me"));
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("elsewhere/original.txt")
                .destinationBucket(bucket).destinationKey("uploads/copy.txt"));
        JsonNode copy = awaitEvent(WATCHER, e -> e.at("/detail/object/key").asText().equals("uploads/copy.txt"));
        assertThat(copy.at("/detail/reason").asText()).isEqualTo("CopyObject");
        assertThat(copy.at("/detail/object/size").asLong()).isEqualTo("copy me".length());

        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("uploads/multi.bin")).uploadId();
        String eTag = s3.uploadPart(b -> b.bucket(bucket).key("uploads/multi.bin").uploadId(uploadId).partNumber(1),
                RequestBody.fromString("one small last part")).eTag();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("uploads/multi.bin").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(eTag).build())));
        JsonNode multipart = awaitEvent(WATCHER, e -> e.at("/detail/object/key").asText().equals("uploads/multi.bin"));
        assertThat(multipart.at("/detail/reason").asText()).isEqualTo("CompleteMultipartUpload");
        assertThat(multipart.at("/detail/object/size").asLong()).isEqualTo("one small last part".length());
        assertThat(multipart.at("/detail/object/etag").asText()).endsWith("-1").doesNotContain("\"");
    }

    @Test
    void onlyBucketsWithEventBridgeEnabledSendEvents() throws Exception {
        s3.putObject(b -> b.bucket(quietBucket).key("anywhere/quiet.txt"), RequestBody.fromString("q"));
        s3.putObject(b -> b.bucket(quietBucket).key("uploads/quiet.txt"), RequestBody.fromString("q"));
        s3.putObject(b -> b.bucket(bucket).key("anywhere/loud.txt"), RequestBody.fromString("l"));
        s3.putObject(b -> b.bucket(bucket).key("elsewhere/also.any"), RequestBody.fromString("l"));

        // A rule that names no bucket takes every sending bucket's events; its filters are alternatives.
        awaitEvent(ANY_BUCKET, e -> e.at("/detail/object/key").asText().equals("anywhere/loud.txt"));
        awaitEvent(ANY_BUCKET, e -> e.at("/detail/object/key").asText().equals("elsewhere/also.any"));
        Thread.sleep(300); // the quiet bucket's PUTs came first
        assertThat(events(ANY_BUCKET, e -> e.at("/detail/bucket/name").asText().equals(quietBucket))).isEmpty();
        assertThat(events(WATCHER, e -> e.at("/detail/bucket/name").asText().equals(quietBucket))).isEmpty();
    }

    @Test
    void failedDeliveryIsRetried() {
        s3.putObject(b -> b.bucket(bucket).key("flaky/once.txt"), RequestBody.fromString("x"));

        Eventually.until(WAIT, "a retry after the failure", () -> invoker.eventsOf(FLAKY).size() >= 2);
        assertThat(invoker.eventsOf(FLAKY)).hasSize(2).allSatisfy(json ->
                assertThat(parse(json).at("/detail/object/key").asText()).isEqualTo("flaky/once.txt"));
    }

    private static JsonNode awaitEvent(String function, Predicate<JsonNode> wanted) {
        return Eventually.value(WAIT, "an S3 event for " + function,
                () -> events(function, wanted).stream().findFirst().orElse(null));
    }

    private static List<JsonNode> events(String function, Predicate<JsonNode> wanted) {
        return invoker.eventsOf(function).stream().map(S3EventSourceTest::parse).filter(wanted).toList();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
