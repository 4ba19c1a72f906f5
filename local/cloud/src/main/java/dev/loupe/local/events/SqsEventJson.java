package dev.loupe.local.events;

import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Received SQS messages as the event Lambda's SQS event source sends: {@code {"Records": [...]}}. */
final class SqsEventJson {
    private SqsEventJson() {
    }

    static String of(List<Message> messages, String queueArn, String region) {
        ArrayNode records = EventJson.array();
        for (Message message : messages) {
            records.add(record(message, queueArn, region));
        }
        return EventJson.records(records);
    }

    private static ObjectNode record(Message message, String queueArn, String region) {
        ObjectNode record = EventJson.object();
        record.put("messageId", message.messageId());
        record.put("receiptHandle", message.receiptHandle());
        record.put("body", message.body());
        ObjectNode attributes = record.putObject("attributes");
        // ApproximateReceiveCount, SentTimestamp, SenderId, ApproximateFirstReceiveTimestamp (and the FIFO ones).
        message.attributesAsStrings().forEach(attributes::put);
        ObjectNode messageAttributes = record.putObject("messageAttributes");
        message.messageAttributes().forEach((name, value) -> messageAttributes.set(name, messageAttribute(value)));
        record.put("md5OfBody", message.md5OfBody());
        if (message.md5OfMessageAttributes() != null) {
            record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
        }
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", queueArn);
        record.put("awsRegion", region);
        return record;
    }

    /** Lambda spells attribute values in camelCase and always lists both list fields. */
    private static ObjectNode messageAttribute(MessageAttributeValue value) {
        ObjectNode attribute = EventJson.object();
        if (value.stringValue() != null) {
            attribute.put("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            attribute.put("binaryValue", base64(value.binaryValue()));
        }
        ArrayNode strings = attribute.putArray("stringListValues");
        value.stringListValues().forEach(strings::add);
        ArrayNode binaries = attribute.putArray("binaryListValues");
        value.binaryListValues().forEach(bytes -> binaries.add(base64(bytes)));
        attribute.put("dataType", value.dataType());
        return attribute;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
