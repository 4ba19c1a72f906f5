package dev.loupe.local.events;

import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** SDK attribute values in DynamoDB's own JSON: {"S": ..}, {"N": ".."}, {"M": {..}}, {"B": base64}, ... */
final class DynamoDbJson {
    private DynamoDbJson() {
    }

    static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode json = EventJson.object();
        item.forEach((name, value) -> json.set(name, value(value)));
        return json;
    }

    static ObjectNode value(AttributeValue value) {
        ObjectNode json = EventJson.object();
        switch (value.type()) {
            case S -> json.put("S", value.s());
            case N -> json.put("N", value.n());
            case B -> json.put("B", base64(value.b()));
            case BOOL -> json.put("BOOL", value.bool());
            case NUL -> json.put("NULL", true);
            case M -> json.set("M", item(value.m()));
            case L -> {
                ArrayNode list = json.putArray("L");
                value.l().forEach(element -> list.add(value(element)));
            }
            case SS -> {
                ArrayNode set = json.putArray("SS");
                value.ss().forEach(set::add);
            }
            case NS -> {
                ArrayNode set = json.putArray("NS");
                value.ns().forEach(set::add);
            }
            case BS -> {
                ArrayNode set = json.putArray("BS");
                value.bs().forEach(bytes -> set.add(base64(bytes)));
            }
            default -> throw new IllegalArgumentException("unknown DynamoDB attribute value " + value);
        }
        return json;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
