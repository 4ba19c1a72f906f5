package dev.loupe.functions.library;

import java.time.Clock;

import dev.loupe.core.config.Env;
import dev.loupe.sqs.JobQueue;
import dev.loupe.library.ExportStore;
import dev.loupe.library.FolderExports;
import dev.loupe.core.dynamo.DynamoDbClients;
import dev.loupe.s3.S3Clients;
import dev.loupe.sqs.SqsClients;

/** Folder exports: for the export routes and the export worker. */
final class Exports {
    private Exports() {
    }

    static FolderExports exports() {
        return Holder.EXPORTS;
    }

    private static final class Holder {
        static final FolderExports EXPORTS = new FolderExports(Folders.store(), Folders.images(),
                new ExportStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required()), S3Clients.client(),
                Library.links(), new JobQueue(SqsClients.client(), Env.FOLDER_EXPORT_QUEUE_URL.required()),
                Clock.systemUTC());
    }
}
