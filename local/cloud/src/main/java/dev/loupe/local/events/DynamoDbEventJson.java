package dev.loupe.local.events;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/** DynamoDB stream records as the event Lambda's DynamoDB event source sends: {@code {"Records": [...]}}. */
final class DynamoDbEventJson {
    private DynamoDbEventJson() {
    }

    static String of(List<Record> records, String streamArn, String region) {
        return of(records.stream().map(record -> record(record, streamArn, region)).toList());
    }

    /** The event of records already made JSON ({@link #record}). */
    static String of(List<ObjectNode> records) {
        ArrayNode json = EventJson.array();
        json.addAll(records);
        return EventJson.records(json);
    }

    /** One record as the event holds it, which is also what Lambda's FilterCriteria match. */
    static ObjectNode record(Record record, String streamArn, String region) {
        ObjectNode json = EventJson.object();
        json.put("eventID", record.eventID());
        json.put("eventName", record.eventNameAsString());
        json.put("eventVersion", "1.1");
        json.put("eventSource", "aws:dynamodb");
        // DynamoDB Local says "ddblocal"; functions expect the region they run in.
        json.put("awsRegion", region);
        json.set("dynamodb", streamRecord(record.dynamodb()));
        json.put("eventSourceARN", streamArn);
        // TTL deletions: {"type": "Service", "principalId": "dynamodb.amazonaws.com"}.
        if (record.userIdentity() != null) {
            ObjectNode identity = json.putObject("userIdentity");
            identity.put("type", record.userIdentity().type());
            identity.put("principalId", record.userIdentity().principalId());
        }
        return json;
    }

    private static ObjectNode streamRecord(StreamRecord record) {
        ObjectNode json = EventJson.object();
        if (record.approximateCreationDateTime() != null) {
            // Lambda sends epoch seconds.
            json.put("ApproximateCreationDateTime", record.approximateCreationDateTime().getEpochSecond());
        }
        json.set("Keys", DynamoDbJson.item(record.keys()));
        if (record.hasNewImage()) {
            json.set("NewImage", DynamoDbJson.item(record.newImage()));
        }
        if (record.hasOldImage()) {
            json.set("OldImage", DynamoDbJson.item(record.oldImage()));
        }
        json.put("SequenceNumber", record.sequenceNumber());
        json.put("SizeBytes", record.sizeBytes());
        json.put("StreamViewType", record.streamViewTypeAsString());
        return json;
    }
}
