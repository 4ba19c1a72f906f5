package dev.loupe.functions.library;

import java.time.Clock;

import dev.loupe.auth.Authentication;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.limits.ProjectGate;
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
import dev.loupe.library.ImageWordIndex;
import dev.loupe.library.IngestService;
import dev.loupe.library.UploadService;
import dev.loupe.library.ImageRatingService;
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
    private static final Lazy<ImageStore> IMAGE_STORE = new Lazy<>();
    private static final Lazy<FolderStore> FOLDER_STORE = new Lazy<>();
    private static final Lazy<ImageLinks> LINKS = new Lazy<>();
    private static final Lazy<ImageService> IMAGES = new Lazy<>();
    private static final Lazy<IngestService> INGEST = new Lazy<>();
    private static final Lazy<UploadService> UPLOADS = new Lazy<>();
    private static final Lazy<FolderService> FOLDERS = new Lazy<>();
    private static final Lazy<FolderPurge> PURGES = new Lazy<>();
    private static final Lazy<FolderExports> EXPORTS = new Lazy<>();
    private static final Lazy<ImageListing> LISTING = new Lazy<>();
    private static final Lazy<ImageRatingService> RATINGS = new Lazy<>();
    private static final Lazy<ImageWordIndex> WORD_INDEX = new Lazy<>();

    private LibraryWiring() {
    }

    /** The verifier, each verified call counted against its project's rate ({@link ProjectGate#counting}). */
    static Authenticator authenticator() {
        return ProjectGate.counting(Authentication.authenticator(), ProjectGate::fromEnv);
    }

    static ImageStore imageStore() {
        return IMAGE_STORE.get(() -> new ImageStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required()));
    }

    /** The word index of names (search), kept from the images table's stream. */
    static ImageWordIndex wordIndex() {
        return WORD_INDEX.get(() -> new ImageWordIndex(DynamoDbClients.client(), Env.IMAGES_TABLE.required()));
    }

    static ImageLinks links() {
        return LINKS.get(() -> new ImageLinks(S3Clients.presigner(), Env.IMAGE_BUCKET.required()));
    }

    static ImageService images() {
        return IMAGES.get(() -> new ImageService(imageStore(),
                new ImageObjects(S3Clients.client(), Env.IMAGE_BUCKET.required()), Clock.systemUTC()));
    }

    /** The ingest of S3-reported originals: the table and the imaging engine, no bucket (IngestImage's comment). */
    /** Image ratings (the images table only). */
    static ImageRatingService ratings() {
        return RATINGS.get(() -> new ImageRatingService(imageStore(), DynamoDbClients.client(),
                Env.IMAGES_TABLE.required(), Clock.systemUTC()));
    }

    static IngestService ingest() {
        return INGEST.get(() -> new IngestService(imageStore(), new ImagingEngine(), Clock.systemUTC()));
    }

    static UploadService uploads() {
        return UPLOADS.get(() -> new UploadService(imageStore(), ingest(),
                ImageObjects.onFirstUse(S3Clients::client, Env.IMAGE_BUCKET.required()), S3Clients.presigner(),
                folderStore()::isOpen, Clock.systemUTC(), java.time.Duration.ofSeconds(Env.UPLOAD_URL_SECONDS
                .optional().map(Long::parseLong).orElse(UploadService.UPLOAD_URL_VALIDITY.toSeconds()))));
    }

    /** The image bucket's objects, for a worker that removes an upload's bytes (the upload expiry). */
    static ImageObjects imageObjects() {
        return new ImageObjects(S3Clients.client(), Env.IMAGE_BUCKET.required());
    }

    static FolderService folders() {
        return FOLDERS.get(() -> new FolderService(folderStore(), imageStore(), Clock.systemUTC()));
    }

    /** Deleting a folder's images in the background: for the delete routes and the purge worker. */
    static FolderPurge purges() {
        return PURGES.get(() -> new FolderPurge(folderStore(), imageStore(), images(),
                new JobQueue(SqsClients.client(), Env.FOLDER_PURGE_QUEUE_URL.required()), Clock.systemUTC()));
    }

    /** Folder exports: for the export routes and the export worker. */
    static FolderExports exports() {
        return EXPORTS.get(() -> new FolderExports(folderStore(), imageStore(),
                new ExportStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required()), S3Clients.client(), links(),
                new JobQueue(SqsClients.client(), Env.FOLDER_EXPORT_QUEUE_URL.required()), Clock.systemUTC()));
    }

    static ImageListing listing() {
        return LISTING.get(() -> new ImageListing(DynamoDbClients.client(), imageStore()));
    }

    private static FolderStore folderStore() {
        return FOLDER_STORE.get(() -> new FolderStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required()));
    }
}
