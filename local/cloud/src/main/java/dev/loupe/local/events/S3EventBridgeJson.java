package dev.loupe.local.events;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.loupe.local.emulators.S3ObjectEvent;

/**
 * One S3 change as the event S3 sends EventBridge for a bucket with EventBridge enabled: {@code Object Created} or
 * {@code Object Deleted}, one object per event. Unlike a bucket notification, the key is the key as stored (not
 * URL-encoded) and there are no {@code Records}.
 */
final class S3EventBridgeJson {
    static final String SOURCE = "aws.s3";
    static final String CREATED = "Object Created";
    static final String DELETED = "Object Deleted";
    /** The account the local cloud's resources live in (its ARNs and pseudo parameters say the same). */
    static final String ACCOUNT = "000000000000";

    /** EventBridge's time: to the second, e.g. 2021-11-12T00:00:00Z. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private S3EventBridgeJson() {
    }

    static ObjectNode of(S3ObjectEvent change, String region) {
        boolean created = change.eventName().startsWith("ObjectCreated");
        ObjectNode event = EventJson.object();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", created ? CREATED : DELETED);
        event.put("source", SOURCE);
        event.put("account", ACCOUNT);
        event.put("time", TIME.format(change.eventTime()));
        event.put("region", region);
        event.putArray("resources").add("arn:aws:s3:::" + change.bucket());

        ObjectNode detail = event.putObject("detail");
        detail.put("version", "0");
        detail.putObject("bucket").put("name", change.bucket());
        ObjectNode object = detail.putObject("object");
        object.put("key", change.key());
        if (created) {
            object.put("size", change.size() == null ? 0L : change.size());
            if (change.eTag() != null) {
                object.put("etag", change.eTag());
            }
        }
        if (change.versionId() != null) {
            object.put("version-id", change.versionId());
        }
        object.put("sequencer", change.sequencer());
        detail.put("request-id", randomHex(8).toUpperCase(Locale.ROOT));
        detail.put("requester", ACCOUNT);
        detail.put("source-ip-address", "127.0.0.1");
        detail.put("reason", reason(change.eventName()));
        if (!created) {
            detail.put("deletion-type", change.eventName().equals("ObjectRemoved:DeleteMarkerCreated")
                    ? "Delete Marker Created" : "Permanently Deleted");
        }
        return event;
    }

    /** The S3 operation that made the change, as EventBridge events name it. */
    private static String reason(String eventName) {
        return switch (eventName) {
            case "ObjectCreated:Put" -> "PutObject";
            case "ObjectCreated:Post" -> "POST Object";
            case "ObjectCreated:Copy" -> "CopyObject";
            case "ObjectCreated:CompleteMultipartUpload" -> "CompleteMultipartUpload";
            case "ObjectRemoved:Delete", "ObjectRemoved:DeleteMarkerCreated" -> "DeleteObject";
            default -> throw new IllegalArgumentException("no EventBridge reason for " + eventName);
        };
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
