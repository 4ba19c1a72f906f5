package dev.loupe.functions.library;

import java.time.Clock;

import dev.loupe.core.config.Env;
import dev.loupe.imaging.ImagingEngine;
import dev.loupe.library.IngestService;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.ImageService;
import dev.loupe.library.ImageStore;
import dev.loupe.library.UploadService;
import dev.loupe.core.dynamo.DynamoDbClients;
import dev.loupe.s3.S3Clients;

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
        static final ImageStore STORE = new ImageStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required());
    }

    private static final class Images {
        static final ImageService SERVICE = new ImageService(Store.STORE,
                new ImageObjects(S3Clients.client(), Env.IMAGE_BUCKET.required()), Clock.systemUTC());
    }

    private static final class Ingest {
        static final IngestService SERVICE = new IngestService(Store.STORE, new ImagingEngine(), Clock.systemUTC());
    }

    private static final class Uploads {
        static final UploadService SERVICE = new UploadService(Store.STORE, Ingest.SERVICE,
                new ImageObjects(S3Clients.client(), Env.IMAGE_BUCKET.required()), S3Clients.presigner(),
                Folders.store()::isOpen, Clock.systemUTC());
    }

    private static final class Links {
        static final ImageLinks LINKS = new ImageLinks(S3Clients.presigner(), Env.IMAGE_BUCKET.required());
    }
}
