package dev.loupe.functions.library;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.loupe.core.FunctionLog;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.IngestService;
import dev.loupe.s3.S3Clients;

/**
 * S3 ObjectCreated under {@code originals/}: ingests the new original (checks, EXIF, thumbnails, the record made
 * active) or marks its upload failed with the reason. The bucket comes from the event, so this function needs no
 * reference to the bucket resource (which would make the bucket's notification and the function depend on each
 * other). A failure that is ours (S3 or DynamoDB unreachable) is thrown, so that Lambda retries the event; a file
 * that is at fault is answered by marking its upload failed, never by retrying.
 */
public final class IngestImage implements RequestHandler<S3Event, String> {
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
    public String handleRequest(S3Event event, Context context) {
        StringBuilder outcomes = new StringBuilder();
        for (var record : event.getRecords()) {
            var s3 = record.getS3();
            ImageObjects objects = bucket.apply(s3.getBucket().getName());
            Long size = s3.getObject().getSizeAsLong();
            IngestService.Outcome outcome = ingest.ingest(objects, s3.getObject().getKey(),
                    s3.getObject().geteTag(), size == null ? 0 : size);
            FunctionLog.line(context, "ingest " + s3.getObject().getKey() + ": " + outcome);
            outcomes.append(outcome).append('\n');
        }
        return outcomes.toString().strip();
    }
}
