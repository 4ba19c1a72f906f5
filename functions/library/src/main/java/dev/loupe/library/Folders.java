package dev.loupe.library;

import java.time.Clock;

import dev.loupe.shared.config.Env;
import dev.loupe.shared.library.FolderService;
import dev.loupe.shared.library.FolderStore;
import dev.loupe.shared.library.ImageStore;
import dev.loupe.shared.storage.AwsClients;

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
        static final FolderStore STORE = new FolderStore(AwsClients.dynamoDb(), Env.IMAGES_TABLE.required());
        static final ImageStore IMAGES = new ImageStore(AwsClients.dynamoDb(), Env.IMAGES_TABLE.required());
        static final FolderService SERVICE = new FolderService(STORE, IMAGES, Clock.systemUTC());
    }
}
