package dev.loupe.library;

import java.time.Clock;

import dev.loupe.shared.config.Env;
import dev.loupe.shared.jobs.JobQueue;
import dev.loupe.shared.library.ExportStore;
import dev.loupe.shared.library.FolderExports;
import dev.loupe.shared.storage.AwsClients;

/** Folder exports: for the export routes and the export worker. */
final class Exports {
    private Exports() {
    }

    static FolderExports exports() {
        return Holder.EXPORTS;
    }

    private static final class Holder {
        static final FolderExports EXPORTS = new FolderExports(Folders.store(), Folders.images(),
                new ExportStore(AwsClients.dynamoDb(), Env.IMAGES_TABLE.required()), AwsClients.s3(),
                Library.links(), new JobQueue(AwsClients.sqs(), Env.FOLDER_EXPORT_QUEUE_URL.required()),
                Clock.systemUTC());
    }
}
