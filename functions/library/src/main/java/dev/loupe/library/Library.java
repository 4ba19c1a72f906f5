package dev.loupe.library;

import java.time.Clock;

import dev.loupe.shared.config.Env;
import dev.loupe.shared.imaging.ImagingEngine;
import dev.loupe.shared.library.IngestService;
import dev.loupe.shared.library.ImageLinks;
import dev.loupe.shared.library.ImageObjects;
import dev.loupe.shared.library.ImageService;
import dev.loupe.shared.library.ImageStore;
import dev.loupe.shared.library.UploadService;
import dev.loupe.shared.storage.AwsClients;

/**
 * The library area's services, built once per container on first use and shared by its handlers. Each holder loads
 * only what its service needs, so a function that never touches S3 never builds an S3 client.
 */
final class Library {
    private Library() {
    }

    static ImageStore store() {
        return Store.STORE;
    }

    static ImageService images() {
        return Images.SERVICE;
    }

    static ImageLinks links() {
        return Links.LINKS;
    }

    static UploadService uploads() {
        return Uploads.SERVICE;
    }

    private static final class Store {
        static final ImageStore STORE = new ImageStore(AwsClients.dynamoDb(), Env.IMAGES_TABLE.required());
    }

    private static final class Images {
        static final ImageService SERVICE = new ImageService(Store.STORE,
                new ImageObjects(AwsClients.s3(), Env.IMAGE_BUCKET.required()), Clock.systemUTC());
    }

    private static final class Ingest {
        static final IngestService SERVICE = new IngestService(Store.STORE, new ImagingEngine(), Clock.systemUTC());
    }

    private static final class Uploads {
        static final UploadService SERVICE = new UploadService(Store.STORE, Ingest.SERVICE,
                new ImageObjects(AwsClients.s3(), Env.IMAGE_BUCKET.required()), AwsClients.s3Presigner(),
                Store.STORE::folderIsOpen, Clock.systemUTC());
    }

    private static final class Links {
        static final ImageLinks LINKS = new ImageLinks(AwsClients.s3Presigner(), Env.IMAGE_BUCKET.required());
    }
}
