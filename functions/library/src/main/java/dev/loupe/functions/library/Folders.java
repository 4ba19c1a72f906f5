package dev.loupe.functions.library;

import java.time.Clock;

import dev.loupe.core.config.Env;
import dev.loupe.library.FolderService;
import dev.loupe.library.FolderStore;
import dev.loupe.library.ImageStore;
import dev.loupe.core.dynamo.DynamoDbClients;

/**
 * The folder services, built once per container on first use. Folder reads and changes need the table only; the
 * purge and the exports (their own holders, {@link FolderPurges} and {@link Exports}) also need the bucket and their
 * queue, so a function that never queues a job is never given a queue's URL.
 */
final class Folders {
    private Folders() {
    }

    static FolderService service() {
        return Service.SERVICE;
    }

    static FolderStore store() {
        return Service.STORE;
    }

    static ImageStore images() {
        return Service.IMAGES;
    }

    private static final class Service {
        static final FolderStore STORE = new FolderStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required());
        static final ImageStore IMAGES = new ImageStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required());
        static final FolderService SERVICE = new FolderService(STORE, IMAGES, Clock.systemUTC());
    }
}
