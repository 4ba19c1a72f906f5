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
        return of(messages.stream().map(message -> record(message, queueArn, region)).toList());
    }

    /** The event of records already made JSON ({@link #record}). */
    static String of(List<ObjectNode> records) {
        ArrayNode json = EventJson.array();
        json.addAll(records);
        return EventJson.records(json);
    }

    /**
     * One message as Lambda's FilterCriteria see it: the event's record with its body parsed when it is JSON (a body
     * that is not stays a string, which only a pattern on the plain string can match).
     */
    static ObjectNode filterable(Message message, String queueArn, String region) {
        ObjectNode record = record(message, queueArn, region);
        try {
            var body = EventJson.MAPPER.readTree(message.body());
            if (body != null && (body.isObject() || body.isArray())) {
                record.set("body", body);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Not JSON: filtered as the string it is.
        }
        return record;
    }

    static ObjectNode record(Message message, String queueArn, String region) {
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
