package dev.loupe.library;

import java.time.Clock;

import dev.loupe.shared.config.Env;
import dev.loupe.shared.jobs.JobQueue;
import dev.loupe.shared.library.FolderPurge;
import dev.loupe.shared.storage.AwsClients;

/** Deleting a folder's images in the background: for the delete routes and the purge worker. */
final class FolderPurges {
    private FolderPurges() {
    }

    static FolderPurge purge() {
        return Holder.PURGE;
    }

    private static final class Holder {
        static final FolderPurge PURGE = new FolderPurge(Folders.store(), Folders.images(), Library.images(),
                new JobQueue(AwsClients.sqs(), Env.FOLDER_PURGE_QUEUE_URL.required()), Clock.systemUTC());
    }
}
