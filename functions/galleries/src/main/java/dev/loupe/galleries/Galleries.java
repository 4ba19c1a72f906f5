package dev.loupe.galleries;

import java.time.Clock;

import dev.loupe.shared.config.Env;
import dev.loupe.shared.gallery.GalleryService;
import dev.loupe.shared.gallery.GalleryStore;
import dev.loupe.shared.imaging.ImagingEngine;
import dev.loupe.shared.library.FolderStore;
import dev.loupe.shared.gallery.page.GalleryPages;
import dev.loupe.shared.library.ImageLinks;
import dev.loupe.shared.library.ImageObjects;
import dev.loupe.shared.library.ImageService;
import dev.loupe.shared.library.ImageStore;
import dev.loupe.shared.library.IngestService;
import dev.loupe.shared.library.UploadService;
import dev.loupe.shared.storage.AwsClients;

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
        static final ImageStore IMAGES = new ImageStore(AwsClients.dynamoDb(), Env.IMAGES_TABLE.required());
        // The service only records and removes usages: its ImageObjects is never asked to delete from here.
        static final GalleryService SERVICE = new GalleryService(
                new GalleryStore(AwsClients.dynamoDb(), Env.GALLERIES_TABLE.required()), IMAGES,
                new ImageService(IMAGES, new ImageObjects(AwsClients.s3(), Env.IMAGE_BUCKET.required()),
                        Clock.systemUTC()), Clock.systemUTC());
    }

    static GalleryPages pages() {
        return Pages.PAGES;
    }

    private static final class Pages {
        static final GalleryPages PAGES = new GalleryPages(Holder.SERVICE,
                new ImageLinks(AwsClients.s3Presigner(), Env.IMAGE_BUCKET.required()));
    }

    private static final class Calls {
        static final GalleryCalls CALLS = new GalleryCalls(Holder.SERVICE,
                new ImageLinks(AwsClients.s3Presigner(), Env.IMAGE_BUCKET.required()), () -> Uploads.SERVICE);
    }

    /** The library's direct upload, for create and add with files: loaded only when a request brings files. */
    private static final class Uploads {
        static final UploadService SERVICE = new UploadService(Holder.IMAGES,
                new IngestService(Holder.IMAGES, new ImagingEngine(), Clock.systemUTC()),
                new ImageObjects(AwsClients.s3(), Env.IMAGE_BUCKET.required()), AwsClients.s3Presigner(),
                new FolderStore(AwsClients.dynamoDb(), Env.IMAGES_TABLE.required())::isOpen, Clock.systemUTC());
    }
}
