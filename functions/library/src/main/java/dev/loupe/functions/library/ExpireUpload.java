package dev.loupe.functions.library;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.loupe.core.stream.StreamWorker;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.IngestService;
import dev.loupe.library.LibraryKeys;

/**
 * The ImagesTable stream's consumer for presigned uploads that never arrived: when DynamoDB's TTL removes an upload's
 * expiry marker (a REMOVE record of {@code sk = UPLOAD_EXPIRY}), the upload is failed with the reason if it is still
 * pending ({@link IngestService#expire}). The template's filter passes only these (on AWS and on the local cloud); every
 * other record is skipped here too, in depth. Failing twice changes nothing; a record that fails is reported for retry.
 */
public final class ExpireUpload extends StreamWorker {
    private final IngestService ingest;
    private final ImageObjects objects;

    public ExpireUpload() {
        this(LibraryWiring.ingest(), LibraryWiring.imageObjects());
    }

    ExpireUpload(IngestService ingest, ImageObjects objects) {
        this.ingest = ingest;
        this.objects = objects;
    }

    @Override
    protected void process(DynamodbEvent.DynamodbStreamRecord record, Log log) {
        Map<String, AttributeValue> old = record.getDynamodb() == null ? null : record.getDynamodb().getOldImage();
        if (!"REMOVE".equals(record.getEventName()) || old == null || old.get("sk") == null
                || !LibraryKeys.UPLOAD_EXPIRY_SK.equals(old.get("sk").getS()) || old.get("project_id") == null
                || old.get("image_id") == null) {
            return;
        }
        String projectId = old.get("project_id").getS();
        String imageId = old.get("image_id").getS();
        boolean failed = ingest.expire(objects, projectId, imageId);
        log.line("upload " + imageId + " of project " + projectId + ": "
                + (failed ? "still pending past its URL's expiry, now failed" : "not pending, left as it is"));
    }
}
