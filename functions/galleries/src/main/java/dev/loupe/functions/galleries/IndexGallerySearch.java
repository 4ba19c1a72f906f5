package dev.loupe.functions.galleries;


import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.loupe.core.stream.StreamWorker;
import dev.loupe.gallery.CommentStore;
import dev.loupe.gallery.GallerySearch;

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
        var change = new GallerySearch.Change(image(data.getOldImage()), image(data.getNewImage()));
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
}
