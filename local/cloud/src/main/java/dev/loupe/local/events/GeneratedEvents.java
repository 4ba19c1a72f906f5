package dev.loupe.local.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.local.emulators.S3ObjectEvent;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Events as the local cloud's event sources deliver them, made up rather than observed: what a tool such as
 * {@code generate-event} prints (SAM CLI's command of that name, for the kinds the local cloud emulates). S3's
 * events to EventBridge, SQS and DynamoDB stream events come from the same builders as the delivered ones; the HTTP
 * event has the shape the gateway gives a function (payload v2).
 */
public final class GeneratedEvents {
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private GeneratedEvents() {
    }

    /**
     * S3's event to EventBridge for one object: {@code Object Created} by a PutObject (with size and ETag) or
     * {@code Object Deleted} by a DeleteObject.
     */
    public static String s3EventBridge(String detailType, String bucket, String key, long size, String region) {
        String eventName = switch (detailType) {
            case S3EventBridgeJson.CREATED -> "ObjectCreated:Put";
            case S3EventBridgeJson.DELETED -> "ObjectRemoved:Delete";
            default -> throw new IllegalArgumentException("an S3 event's detail-type is \"" + S3EventBridgeJson.CREATED
                    + "\" or \"" + S3EventBridgeJson.DELETED + "\", not \"" + detailType + "\"");
        };
        boolean created = eventName.startsWith("ObjectCreated");
        String eTag = created ? HexFormat.of().formatHex(md5(key)) : null;
        S3ObjectEvent change = new S3ObjectEvent(eventName, bucket, key, created ? size : null, eTag, null,
                Long.toHexString(System.nanoTime()).toUpperCase(Locale.ROOT), Instant.now());
        return EventJson.write(S3EventBridgeJson.of(change, region));
    }

    /** One SQS message with {@code body}, received once, from the queue {@code queueArn}. */
    public static String sqs(String queueArn, String body, String region) {
        String now = String.valueOf(Instant.now().toEpochMilli());
        Message message = Message.builder()
                .messageId(UUID.randomUUID().toString())
                .receiptHandle("generated-" + UUID.randomUUID())
                .body(body)
                .md5OfBody(HexFormat.of().formatHex(md5(body)))
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1",
                        MessageSystemAttributeName.SENT_TIMESTAMP, now,
                        MessageSystemAttributeName.SENDER_ID, "AIDAGENERATED",
                        MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP, now))
                .build();
        return SqsEventJson.of(List.of(message), queueArn, region);
    }

    /**
     * One DynamoDB stream record ({@code INSERT}, {@code MODIFY} or {@code REMOVE}) with NEW_AND_OLD_IMAGES: the keys,
     * and the images that the operation has (none given: the keys alone).
     */
    public static String dynamoDbStream(String eventName, Map<String, AttributeValue> keys,
                                        Map<String, AttributeValue> newImage, Map<String, AttributeValue> oldImage,
                                        String streamArn, String region) {
        OperationType operation = OperationType.fromValue(eventName);
        if (operation == OperationType.UNKNOWN_TO_SDK_VERSION) {
            throw new IllegalArgumentException("a stream record's event is INSERT, MODIFY or REMOVE, not " + eventName);
        }
        StreamRecord.Builder stream = StreamRecord.builder()
                .approximateCreationDateTime(Instant.now())
                .keys(keys)
                .sequenceNumber(String.valueOf(System.nanoTime()))
                .sizeBytes(100L)
                .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
        if (operation != OperationType.REMOVE) {
            stream.newImage(newImage.isEmpty() ? keys : newImage);
        }
        if (operation != OperationType.INSERT) {
            stream.oldImage(oldImage.isEmpty() ? keys : oldImage);
        }
        Record record = Record.builder().eventID(UUID.randomUUID().toString().replace("-", ""))
                .eventName(operation).dynamodb(stream.build()).build();
        return DynamoDbEventJson.of(List.of(record), streamArn, region);
    }

    /**
     * An HTTP API request (payload v2) for the route {@code routeKey} ({@code METHOD /path/{param}}) at the concrete
     * {@code path}, with headers (lowercase names) and a text body, from 127.0.0.1.
     */
    public static String http(String routeKey, String path, String rawQuery, Map<String, String> headers,
                              Map<String, String> pathParameters, String body) {
        Instant now = Instant.now();
        String method = routeKey.contains(" ") ? routeKey.substring(0, routeKey.indexOf(' ')) : "GET";
        Map<String, String> allHeaders = new LinkedHashMap<>();
        allHeaders.put("host", "127.0.0.1:3000");
        allHeaders.put("user-agent", "loupe-generate-event");
        headers.forEach((name, value) -> allHeaders.put(name.toLowerCase(Locale.ROOT), value));
        allHeaders.put("x-forwarded-for", "127.0.0.1");
        allHeaders.put("x-forwarded-port", "3000");
        allHeaders.put("x-forwarded-proto", "http");

        ObjectNode event = EventJson.object();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", path);
        event.put("rawQueryString", rawQuery);
        ObjectNode headerNode = event.putObject("headers");
        allHeaders.forEach(headerNode::put);
        if (!rawQuery.isEmpty()) {
            ObjectNode query = event.putObject("queryStringParameters");
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(name, query.has(name) ? query.get(name).asText() + "," + value : value);
            }
        }
        if (!pathParameters.isEmpty()) {
            ObjectNode parameters = event.putObject("pathParameters");
            pathParameters.forEach(parameters::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "000000000000");
        context.put("apiId", "local");
        context.put("domainName", "127.0.0.1");
        context.put("domainPrefix", "127");
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", path);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "127.0.0.1");
        http.put("userAgent", allHeaders.get("user-agent"));
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        if (body != null && !body.isEmpty()) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return EventJson.write(event);
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
