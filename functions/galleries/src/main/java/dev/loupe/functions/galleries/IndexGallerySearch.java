package dev.loupe.functions.galleries;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.loupe.core.stream.StreamWorker;
import dev.loupe.gallery.CommentStore;
import dev.loupe.gallery.GallerySearch;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * GalleriesTable's stream: keeps the word index of listed galleries' titles (search) in step, one record at a time,
 * in order, and purges a deleted gallery's comments, reports and block list (as many as it had: a purge the delete
 * request itself could not bound in time). A record that fails stops the batch there: it and the records after it are reported
 * ({@link StreamWorker}), and Lambda delivers them again, so a gallery's later changes are never applied before an
 * earlier one. Applying a record twice changes nothing ({@link GallerySearch#index},
 * {@link CommentStore#purgeDeleted}).
 */
public final class IndexGallerySearch extends StreamWorker {
    private final GallerySearch search;
    private final CommentStore comments;

    public IndexGallerySearch() {
        this(GalleryWiring.search(), GalleryWiring.commentStore());
    }

    IndexGallerySearch(GallerySearch search, CommentStore comments) {
        this.search = search;
        this.comments = comments;
    }

    @Override
    protected void process(DynamodbEvent.DynamodbStreamRecord record, Log log) {
        var data = record.getDynamodb();
        var change = new GallerySearch.Change(sdk(data.getOldImage()), sdk(data.getNewImage()));
        var applied = search.index(change);
        if (applied.put() + applied.deleted() + applied.stale() > 0) {
            log.line("search index: record " + data.getSequenceNumber() + ", " + applied.put() + " entries written, "
                    + applied.deleted() + " deleted, " + applied.stale() + " left to a newer version");
        }
        var purged = comments.purgeDeleted(change);
        if (purged.total() > 0) {
            log.line("deleted gallery: record " + data.getSequenceNumber() + ", " + purged.comments() + " comments, "
                    + purged.reports() + " report entries, " + purged.blocks() + " block entries deleted");
        }
    }

    /**
     * The Lambda event's attribute values in the SDK's form, which the table's schema reads. (The events library's
     * own converter, aws-lambda-java-events-sdk-transformer, is one more dependency for these few lines.)
     */
    static Map<String, AttributeValue> sdk(Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb
            .AttributeValue> image) {
        if (image == null) {
            return Map.of();
        }
        Map<String, AttributeValue> converted = new LinkedHashMap<>();
        image.forEach((name, value) -> converted.put(name, sdk(value)));
        return converted;
    }

    private static AttributeValue sdk(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue v) {
        if (v.getS() != null) return AttributeValue.fromS(v.getS());
        if (v.getN() != null) return AttributeValue.fromN(v.getN());
        if (v.getB() != null) return AttributeValue.fromB(bytes(v.getB()));
        if (v.getBOOL() != null) return AttributeValue.fromBool(v.getBOOL());
        if (v.getSS() != null) return AttributeValue.fromSs(v.getSS());
        if (v.getNS() != null) return AttributeValue.fromNs(v.getNS());
        if (v.getBS() != null) return AttributeValue.fromBs(v.getBS().stream().map(IndexGallerySearch::bytes).toList());
        if (v.getM() != null) return AttributeValue.fromM(sdk(v.getM()));
        if (v.getL() != null) {
            List<AttributeValue> list = new ArrayList<>();
            v.getL().forEach(item -> list.add(sdk(item)));
            return AttributeValue.fromL(list);
        }
        return AttributeValue.fromNul(true);
    }

    private static SdkBytes bytes(ByteBuffer buffer) {
        return SdkBytes.fromByteBuffer(buffer.asReadOnlyBuffer());
    }
}
