package dev.loupe.local.events;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON plumbing the event sources share. */
final class EventJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** S3's eventTime: always with milliseconds, e.g. 2019-09-03T19:37:27.192Z. */
    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private EventJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code {"Records": [...]}}, the envelope of SQS, S3 and DynamoDB stream events. */
    static String records(ArrayNode records) {
        ObjectNode event = object();
        event.set("Records", records);
        return write(event);
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static String eventTime(Instant instant) {
        return EVENT_TIME.format(instant);
    }

    static String write(Object json) {
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event JSON", e);
        }
    }
}
