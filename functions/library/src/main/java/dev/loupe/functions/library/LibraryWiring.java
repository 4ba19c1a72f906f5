package dev.loupe.functions.library;

import java.time.Clock;

import dev.loupe.auth.Authentication;
import dev.loupe.auth.Authenticator;
import dev.loupe.core.Lazy;
import dev.loupe.core.config.Env;
import dev.loupe.core.dynamo.DynamoDbClients;
import dev.loupe.imaging.ImagingEngine;
import dev.loupe.library.ExportStore;
import dev.loupe.library.FolderExports;
import dev.loupe.library.FolderPurge;
import dev.loupe.library.FolderService;
import dev.loupe.library.FolderStore;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.ImageService;
import dev.loupe.library.ImageStore;
import dev.loupe.library.IngestService;
import dev.loupe.library.UploadService;
import dev.loupe.library.listing.ImageListing;
import dev.loupe.s3.S3Clients;
import dev.loupe.sqs.JobQueue;
import dev.loupe.sqs.SqsClients;

/**
 * How the library area's handlers get their services: each is built on first use, once per container, from the
 * function's environment, and handed to the handler's constructor. A function builds only what its handler asks
 * for, so one that never touches S3 never builds an S3 client, and one that never queues a job is never given a
 * queue's URL. Tests build the handlers with their package-private constructors instead.
 */
final class LibraryWiring {
    private static final Lazy<ImageStore> IMAGE_STORE = Lazy.of(() ->
            new ImageStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required()));
    private static final Lazy<FolderStore> FOLDER_STORE = Lazy.of(() ->
            new FolderStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required()));
    private static final Lazy<ImageLinks> LINKS = Lazy.of(() ->
            new ImageLinks(S3Clients.presigner(), Env.IMAGE_BUCKET.required()));
    private static final Lazy<ImageService> IMAGES = Lazy.of(() -> new ImageService(IMAGE_STORE.get(),
            new ImageObjects(S3Clients.client(), Env.IMAGE_BUCKET.required()), Clock.systemUTC()));
    private static final Lazy<IngestService> INGEST = Lazy.of(() ->
            new IngestService(IMAGE_STORE.get(), new ImagingEngine(), Clock.systemUTC()));
    private static final Lazy<UploadService> UPLOADS = Lazy.of(() -> new UploadService(IMAGE_STORE.get(),
            INGEST.get(), new ImageObjects(S3Clients.client(), Env.IMAGE_BUCKET.required()), S3Clients.presigner(),
            FOLDER_STORE.get()::isOpen, Clock.systemUTC()));
    private static final Lazy<FolderService> FOLDERS = Lazy.of(() ->
            new FolderService(FOLDER_STORE.get(), IMAGE_STORE.get(), Clock.systemUTC()));
    private static final Lazy<FolderPurge> PURGES = Lazy.of(() -> new FolderPurge(FOLDER_STORE.get(),
            IMAGE_STORE.get(), IMAGES.get(), new JobQueue(SqsClients.client(), Env.FOLDER_PURGE_QUEUE_URL.required()),
            Clock.systemUTC()));
    private static final Lazy<FolderExports> EXPORTS = Lazy.of(() -> new FolderExports(FOLDER_STORE.get(),
            IMAGE_STORE.get(), new ExportStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required()),
            S3Clients.client(), LINKS.get(), new JobQueue(SqsClients.client(),
            Env.FOLDER_EXPORT_QUEUE_URL.required()), Clock.systemUTC()));
    private static final Lazy<ImageListing> LISTING = Lazy.of(() ->
            new ImageListing(DynamoDbClients.client(), IMAGE_STORE.get()));

    private LibraryWiring() {
    }

    static Authenticator authenticator() {
        return Authentication.authenticator();
    }

    static ImageStore imageStore() {
        return IMAGE_STORE.get();
    }

    static ImageLinks links() {
        return LINKS.get();
    }

    static ImageService images() {
        return IMAGES.get();
    }

    /** The ingest of S3-reported originals: the table and the imaging engine, no bucket (IngestImage's comment). */
    static IngestService ingest() {
        return INGEST.get();
    }

    static UploadService uploads() {
        return UPLOADS.get();
    }

    static FolderService folders() {
        return FOLDERS.get();
    }

    /** Deleting a folder's images in the background: for the delete routes and the purge worker. */
    static FolderPurge purges() {
        return PURGES.get();
    }

    /** Folder exports: for the export routes and the export worker. */
    static FolderExports exports() {
        return EXPORTS.get();
    }

    static ImageListing listing() {
        return LISTING.get();
    }
}
