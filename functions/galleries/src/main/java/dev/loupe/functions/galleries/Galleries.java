package dev.loupe.functions.galleries;

import java.time.Clock;

import dev.loupe.core.config.Env;
import dev.loupe.gallery.GalleryService;
import dev.loupe.gallery.GalleryStore;
import dev.loupe.imaging.ImagingEngine;
import dev.loupe.library.FolderStore;
import dev.loupe.gallery.page.GalleryPages;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.ImageService;
import dev.loupe.library.ImageStore;
import dev.loupe.library.IngestService;
import dev.loupe.library.UploadService;
import dev.loupe.core.dynamo.DynamoDbClients;
import dev.loupe.s3.S3Clients;

/** The galleries area's service and its actions, built once per container and shared by its handlers. */
final class Galleries {
    private Galleries() {
    }

    static GalleryService service() {
        return Holder.SERVICE;
    }

    static GalleryCalls calls() {
        return Calls.CALLS;
    }

    private static final class Holder {
        static final ImageStore IMAGES = new ImageStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required());
        // The service only records and removes usages: its ImageObjects is never asked to delete from here.
        static final GalleryService SERVICE = new GalleryService(
                new GalleryStore(DynamoDbClients.client(), Env.GALLERIES_TABLE.required()), IMAGES,
                new ImageService(IMAGES, new ImageObjects(S3Clients.client(), Env.IMAGE_BUCKET.required()),
                        Clock.systemUTC()), Clock.systemUTC());
    }

    static GalleryPages pages() {
        return Pages.PAGES;
    }

    private static final class Pages {
        static final GalleryPages PAGES = new GalleryPages(Holder.SERVICE,
                new ImageLinks(S3Clients.presigner(), Env.IMAGE_BUCKET.required()));
    }

    private static final class Calls {
        static final GalleryCalls CALLS = new GalleryCalls(Holder.SERVICE,
                new ImageLinks(S3Clients.presigner(), Env.IMAGE_BUCKET.required()), () -> Uploads.SERVICE);
    }

    /** The library's direct upload, for create and add with files: loaded only when a request brings files. */
    private static final class Uploads {
        static final UploadService SERVICE = new UploadService(Holder.IMAGES,
                new IngestService(Holder.IMAGES, new ImagingEngine(), Clock.systemUTC()),
                new ImageObjects(S3Clients.client(), Env.IMAGE_BUCKET.required()), S3Clients.presigner(),
                new FolderStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required())::isOpen, Clock.systemUTC());
    }
}
