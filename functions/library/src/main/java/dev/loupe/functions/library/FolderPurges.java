package dev.loupe.functions.library;

import java.time.Clock;

import dev.loupe.core.config.Env;
import dev.loupe.sqs.JobQueue;
import dev.loupe.library.FolderPurge;
import dev.loupe.sqs.SqsClients;

/** Deleting a folder's images in the background: for the delete routes and the purge worker. */
final class FolderPurges {
    private FolderPurges() {
    }

    static FolderPurge purge() {
        return Holder.PURGE;
    }

    private static final class Holder {
        static final FolderPurge PURGE = new FolderPurge(Folders.store(), Folders.images(), Library.images(),
                new JobQueue(SqsClients.client(), Env.FOLDER_PURGE_QUEUE_URL.required()), Clock.systemUTC());
    }
}
