package dev.loupe.functions.library;

import java.util.Map;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.loupe.core.FunctionLog;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.IngestService;
import dev.loupe.s3.S3Clients;

/**
 * An object created under {@code originals/}, as S3 tells EventBridge ({@code Object Created}, one object per event;
 * the template's rule selects the bucket and prefix): ingests the new original (checks, EXIF, thumbnails, the record
 * made active) or marks its upload failed with the reason. The bucket and key come from the event's detail; the key
 * is the key as stored (EventBridge does not URL-encode it, unlike S3's bucket notifications). A failure that is ours
 * (S3 or DynamoDB unreachable) is thrown, so that Lambda retries the event; a file that is at fault is answered by
 * marking its upload failed, never by retrying.
 */
public final class IngestImage implements RequestHandler<ScheduledEvent, String> {
    private final IngestService ingest;
    private final Function<String, ImageObjects> bucket;

    public IngestImage() {
        this(LibraryWiring.ingest(), name -> new ImageObjects(S3Clients.client(), name));
    }

    /** @param bucket the objects of the bucket an event names */
    IngestImage(IngestService ingest, Function<String, ImageObjects> bucket) {
        this.ingest = ingest;
        this.bucket = bucket;
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        Map<String, Object> detail = event.getDetail() == null ? Map.of() : event.getDetail();
        String bucketName = text(field(detail, "bucket"), "name");
        Map<String, Object> object = field(detail, "object");
        String key = text(object, "key");
        long size = object.get("size") instanceof Number number ? number.longValue() : 0;
        IngestService.Outcome outcome = ingest.ingest(bucket.apply(bucketName), key,
                object.get("etag") instanceof String etag ? etag : null, size);
        FunctionLog.line(context, "ingest " + key + ": " + outcome);
        return outcome.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> field(Map<String, Object> parent, String name) {
        if (parent.get(name) instanceof Map<?, ?> child) {
            return (Map<String, Object>) child;
        }
        throw new IllegalArgumentException("not an S3 object event: its detail has no " + name);
    }

    private static String text(Map<String, Object> parent, String name) {
        if (parent.get(name) instanceof String value && !value.isEmpty()) {
            return value;
        }
        throw new IllegalArgumentException("not an S3 object event: its detail has no " + name);
    }
}
