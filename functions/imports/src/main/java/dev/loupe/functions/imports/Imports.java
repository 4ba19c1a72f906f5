package dev.loupe.functions.imports;

import java.time.Clock;

import dev.loupe.core.config.Env;
import dev.loupe.fetch.AddressPolicy;
import dev.loupe.fetch.Resolver;
import dev.loupe.fetch.SafeFetcher;
import dev.loupe.imaging.ImagingEngine;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.FolderStore;
import dev.loupe.library.ImageStore;
import dev.loupe.library.ImportService;
import dev.loupe.library.IngestService;
import dev.loupe.library.UploadService;
import dev.loupe.core.dynamo.DynamoDbClients;
import dev.loupe.s3.S3Clients;

/**
 * The imports area's services, built once per container on first use, as the library area's are. The fetcher is the
 * production one: public addresses only, looked up with the system resolver.
 */
final class Imports {
    private Imports() {
    }

    static ImportService imports() {
        return Service.SERVICE;
    }

    static ImageLinks links() {
        return Links.LINKS;
    }

    private static final class Service {
        static final ImportService SERVICE;

        static {
            ImageStore store = new ImageStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required());
            IngestService ingest = new IngestService(store, new ImagingEngine(), Clock.systemUTC());
            // Folders are checked as uploads check them: the folder exists in the project and is not being deleted.
            UploadService uploads = new UploadService(store, ingest,
                    new ImageObjects(S3Clients.client(), Env.IMAGE_BUCKET.required()), S3Clients.presigner(),
                    new FolderStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required())::isOpen,
                    Clock.systemUTC());
            SERVICE = new ImportService(uploads, ingest,
                    new SafeFetcher(AddressPolicy.PUBLIC_ONLY, Resolver.SYSTEM, ImportService.FETCH_LIMITS));
        }
    }

    private static final class Links {
        static final ImageLinks LINKS = new ImageLinks(S3Clients.presigner(), Env.IMAGE_BUCKET.required());
    }
}
