package dev.loupe.functions.library;

import java.time.Instant;

import dev.loupe.sqs.JobQueue;
import dev.loupe.sqs.QueueWorker;
import dev.loupe.library.FolderPurge;

/**
 * FolderPurgeQueue's worker: one round of a purge job per message (up to 100 images deleted, a follow-up queued for
 * the rest, the folder deleted once empty if it was marked). A message handled twice does no harm.
 */
public final class PurgeFolder extends QueueWorker {
    private final FolderPurge purges;

    public PurgeFolder() {
        this(LibraryWiring.purges());
    }

    PurgeFolder(FolderPurge purges) {
        this.purges = purges;
    }

    @Override
    protected void process(String body, Instant deadline, Log log) {
        var message = JobQueue.read(body, FolderPurge.Message.class);
        var round = purges.run(message);
        log.line("purge " + message.jobId() + " of folder " + message.folderId() + ": " + round.deleted()
                + " image(s) deleted" + (round.followUp() ? ", more to come" : "")
                + (round.folderDeleted() ? ", folder deleted" : ""));
    }
}
