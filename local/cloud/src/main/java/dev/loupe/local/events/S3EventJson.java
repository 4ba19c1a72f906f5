package dev.loupe.local.events;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.loupe.local.emulators.S3ObjectEvent;

/** One S3 change as the single-record event S3 sends a subscribed function (event version 2.1). */
final class S3EventJson {
    private static final String PRINCIPAL = "local";

    private S3EventJson() {
    }

    static String of(S3ObjectEvent change, String configurationId, String region) {
        ObjectNode record = EventJson.object();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", region);
        record.put("eventTime", EventJson.eventTime(change.eventTime()));
        record.put("eventName", change.eventName());
        record.putObject("userIdentity").put("principalId", PRINCIPAL);
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        ObjectNode responseElements = record.putObject("responseElements");
        responseElements.put("x-amz-request-id", randomHex(8).toUpperCase(java.util.Locale.ROOT));
        responseElements.put("x-amz-id-2", randomHex(32));

        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", configurationId);
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", change.bucket());
        bucket.putObject("ownerIdentity").put("principalId", PRINCIPAL);
        bucket.put("arn", "arn:aws:s3:::" + change.bucket());
        ObjectNode object = s3.putObject("object");
        object.put("key", encodeKey(change.key()));
        if (change.size() != null) {
            object.put("size", change.size());
        }
        if (change.eTag() != null) {
            object.put("eTag", change.eTag());
        }
        if (change.versionId() != null) {
            object.put("versionId", change.versionId());
        }
        object.put("sequencer", change.sequencer());

        ArrayNode records = EventJson.array();
        records.add(record);
        return EventJson.records(records);
    }

    /**
     * S3 URL-encodes the key in notifications form-style ("a b+c.jpg" becomes "a+b%2Bc.jpg") but leaves the
     * slashes of a path as they are.
     */
    static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
