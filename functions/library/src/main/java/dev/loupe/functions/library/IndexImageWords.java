package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.loupe.core.stream.StreamWorker;
import dev.loupe.library.ImageWordIndex;

/**
 * ImagesTable's stream: keeps the word index of listed images' names (search, {@link ImageWordIndex}) in step, one
 * record at a time, in order. Only image items matter (the template's filter passes only those; the index's own
 * entries, counters and usages in the same table are skipped here too, without a call). A record that fails stops
 * the batch there: it and the records after it are reported ({@link StreamWorker}) and delivered again. Applying a
 * record twice, or late, changes nothing ({@link ImageWordIndex#sync}).
 */
public final class IndexImageWords extends StreamWorker {
    private final ImageWordIndex index;

    public IndexImageWords() {
        this(LibraryWiring.wordIndex());
    }

    IndexImageWords(ImageWordIndex index) {
        this.index = index;
    }

    @Override
    protected void process(DynamodbEvent.DynamodbStreamRecord record, Log log) {
        var data = record.getDynamodb();
        var applied = index.index(image(data.getOldImage()), image(data.getNewImage()));
        if (applied.put() + applied.deleted() + applied.stale() > 0) {
            log.line("image word index: record " + data.getSequenceNumber() + ", " + applied.put()
                    + " entries written, " + applied.deleted() + " deleted, " + applied.stale()
                    + " left to a newer version");
        }
    }
}
