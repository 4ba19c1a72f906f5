package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.loupe.core.config.Env;
import dev.loupe.imaging.ImagingEngine;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.ImageStore;
import dev.loupe.library.IngestService;
import dev.loupe.core.dynamo.DynamoDbClients;
import dev.loupe.s3.S3Clients;

/**
 * S3 ObjectCreated under {@code originals/}: ingests the new original (checks, EXIF, thumbnails, the record made
 * active) or marks its upload failed with the reason. The bucket comes from the event, so this function needs no
 * reference to the bucket resource (which would make the bucket's notification and the function depend on each
 * other). A failure that is ours (S3 or DynamoDB unreachable) is thrown, so that Lambda retries the event; a file
 * that is at fault is answered by marking its upload failed, never by retrying.
 */
public final class IngestImage implements RequestHandler<S3Event, String> {
    @Override
    public String handleRequest(S3Event event, Context context) {
        StringBuilder outcomes = new StringBuilder();
        for (var record : event.getRecords()) {
            var s3 = record.getS3();
            ImageObjects objects = new ImageObjects(S3Clients.client(), s3.getBucket().getName());
            Long size = s3.getObject().getSizeAsLong();
            IngestService.Outcome outcome = Holder.INGEST.ingest(objects, s3.getObject().getKey(),
                    s3.getObject().geteTag(), size == null ? 0 : size);
            if (context != null) {
                context.getLogger().log("ingest " + s3.getObject().getKey() + ": " + outcome);
            }
            outcomes.append(outcome).append('\n');
        }
        return outcomes.toString().strip();
    }

    /** Its own holder, not {@link Library}'s: this function has no bucket variable (see the class comment). */
    private static final class Holder {
        static final IngestService INGEST = new IngestService(
                new ImageStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required()), new ImagingEngine(),
                java.time.Clock.systemUTC());
    }
}
