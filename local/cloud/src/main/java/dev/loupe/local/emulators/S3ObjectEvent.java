package dev.loupe.local.emulators;

import java.time.Instant;

/**
 * One change to an object in the local S3, as S3 would announce it (S3EventSource makes EventBridge's event of it).
 *
 * @param eventName S3's name of the change, such as {@code ObjectCreated:Put} or {@code ObjectRemoved:Delete}
 * @param key       the object key as stored
 * @param size      bytes, or {@code null} for removals
 * @param eTag      without quotes, or {@code null} for removals
 * @param versionId {@code null} unless the bucket is versioned
 * @param sequencer hex, increasing with every change the local S3 makes, so a consumer can order events on one key
 */
public record S3ObjectEvent(String eventName, String bucket, String key, Long size, String eTag, String versionId,
                            String sequencer, Instant eventTime) {
}
