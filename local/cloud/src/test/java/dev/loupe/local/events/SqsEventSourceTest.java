package dev.loupe.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;

import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.Eventually;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The SQS event source against ElasticMQ: delivery, deletion, ReportBatchItemFailures, redrive to the DLQ. */
@ExtendWith(SharedEmulators.class)
class SqsEventSourceTest {
    private static final String FUNCTION = "QueueWorkerFunction";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static SqsClient sqs;
    private static Provisioned provisioned;
    private static SqsEventSource source;
    private static final RecordingInvoker invoker = new RecordingInvoker();

    @BeforeAll
    static void start(Emulators emulators) {
        var template = Fixtures.fixtureTemplate();
        sqs = Backend.of(emulators).sqs();
        try (var dynamoDb = Backend.of(emulators).dynamoDb(); var s3 = Backend.of(emulators).s3()) {
            provisioned = new Provisioner(dynamoDb, sqs, s3).provision(template);
        }
        // Messages whose body starts with "fail" are reported as failed items; "throw" fails the invocation.
        invoker.answer(FUNCTION, json -> {
            SQSEvent event = sqsEvent(json);
            if (event.getRecords().stream().anyMatch(m -> m.getBody().startsWith("throw"))) {
                throw RecordingInvoker.failure("the handler threw");
            }
            List<String> failed = event.getRecords().stream()
                    .filter(m -> m.getBody().startsWith("fail"))
                    .map(m -> "{\"itemIdentifier\":\"" + m.getMessageId() + "\"}")
                    .toList();
            return "{\"batchItemFailures\":[" + String.join(",", failed) + "]}";
        });
        source = new SqsEventSource(template, provisioned, sqs, invoker, emulators.region(), new Deliveries());
        source.start();
    }

    @AfterAll
    static void stop() {
        source.close();
        sqs.close();
    }

    @Test
    void deliversMessagesAsLambdaDoesAndDeletesThem() throws Exception {
        String queueUrl = provisioned.queueUrl("FixtureWorkQueue");
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("hello sqs")
                .messageAttributes(Map.of(
                        "kind", MessageAttributeValue.builder().dataType("String").stringValue("greeting").build(),
                        "blob", MessageAttributeValue.builder().dataType("Binary")
                                .binaryValue(SdkBytes.fromUtf8String("bytes")).build())));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("second"));

        SQSEvent.SQSMessage hello = awaitMessage(m -> m.getBody().equals("hello sqs"));
        awaitMessage(m -> m.getBody().equals("second"));

        assertThat(hello.getMessageId()).isNotBlank();
        assertThat(hello.getReceiptHandle()).isNotBlank();
        assertThat(hello.getMd5OfBody()).isEqualTo(md5("hello sqs"));
        assertThat(hello.getMd5OfMessageAttributes()).isNotBlank();
        assertThat(hello.getEventSource()).isEqualTo("aws:sqs");
        assertThat(hello.getEventSourceArn()).isEqualTo(provisioned.queueArn("FixtureWorkQueue"))
                .isEqualTo("arn:aws:sqs:us-east-1:000000000000:FixtureWorkQueue");
        assertThat(hello.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(hello.getAttributes()).containsEntry("ApproximateReceiveCount", "1")
                .containsKeys("SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp");
        assertThat(Long.parseLong(hello.getAttributes().get("SentTimestamp")))
                .isCloseTo(System.currentTimeMillis(), org.assertj.core.api.Assertions.within(60_000L));
        SQSEvent.MessageAttribute kind = hello.getMessageAttributes().get("kind");
        assertThat(kind.getDataType()).isEqualTo("String");
        assertThat(kind.getStringValue()).isEqualTo("greeting");
        SQSEvent.MessageAttribute blob = hello.getMessageAttributes().get("blob");
        assertThat(blob.getDataType()).isEqualTo("Binary");
        assertThat(StandardCharsets.UTF_8.decode(blob.getBinaryValue()).toString()).isEqualTo("bytes");

        // Deleted: nothing is left in flight, and nothing comes back after the 3 s visibility timeout.
        Eventually.until(WAIT, "the queue is empty", () -> messagesIn(queueUrl) == 0);
        Thread.sleep(3_500);
        assertThat(received(m -> m.getBody().equals("hello sqs"))).hasSize(1);
    }

    @Test
    void reportedItemFailureComesBackThenLandsInTheDeadLetterQueue() {
        String queueUrl = provisioned.queueUrl("FixtureWorkQueue");
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("fail me"));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("ok beside a failure"));

        // maxReceiveCount 2: received twice, then ElasticMQ moves it to the DLQ instead of a third delivery.
        Message dead = awaitDeadLetter("fail me");
        List<SQSEvent.SQSMessage> deliveries = received(m -> m.getBody().equals("fail me"));
        assertThat(deliveries).extracting(m -> m.getAttributes().get("ApproximateReceiveCount"))
                .containsExactly("1", "2");
        assertThat(dead.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isNotNull();
        assertThat(received(m -> m.getBody().equals("ok beside a failure"))).hasSize(1);
    }

    @Test
    void failedInvocationDeletesNothing() {
        String queueUrl = provisioned.queueUrl("FixtureWorkQueue");
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("throw please"));

        awaitDeadLetter("throw please");
        assertThat(received(m -> m.getBody().equals("throw please")))
                .extracting(m -> m.getAttributes().get("ApproximateReceiveCount"))
                .containsExactly("1", "2");
    }

    private static Message awaitDeadLetter(String body) {
        String dlqUrl = provisioned.queueUrl("FixtureDeadLetterQueue");
        return Eventually.value(WAIT, body + " in the DLQ", () -> {
            // Visibility 0: a look at the DLQ must not hide another test's dead letter from it (at 60 s it did,
            // when one test's receive took both tests' messages).
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).visibilityTimeout(0)).messages();
            return messages.stream().filter(m -> m.body().equals(body)).findFirst().orElse(null);
        });
    }

    private static SQSEvent.SQSMessage awaitMessage(Predicate<SQSEvent.SQSMessage> wanted) {
        return Eventually.value(WAIT, "a delivered message", () -> received(wanted).stream().findFirst().orElse(null));
    }

    private static List<SQSEvent.SQSMessage> received(Predicate<SQSEvent.SQSMessage> wanted) {
        return invoker.eventsOf(FUNCTION).stream()
                .flatMap(json -> sqsEvent(json).getRecords().stream())
                .filter(wanted)
                .toList();
    }

    private static int messagesIn(String queueUrl) {
        var attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    static SQSEvent sqsEvent(String json) {
        return LambdaEventSerializers.serializerFor(SQSEvent.class, SqsEventSourceTest.class.getClassLoader())
                .fromJson(json);
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

}
