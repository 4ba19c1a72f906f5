package dev.loupe.imports;

import java.time.Clock;

import dev.loupe.shared.config.Env;
import dev.loupe.shared.fetch.AddressPolicy;
import dev.loupe.shared.fetch.Resolver;
import dev.loupe.shared.fetch.SafeFetcher;
import dev.loupe.shared.imaging.ImagingEngine;
import dev.loupe.shared.library.ImageLinks;
import dev.loupe.shared.library.ImageObjects;
import dev.loupe.shared.library.FolderStore;
import dev.loupe.shared.library.ImageStore;
import dev.loupe.shared.library.ImportService;
import dev.loupe.shared.library.IngestService;
import dev.loupe.shared.library.UploadService;
import dev.loupe.shared.storage.AwsClients;

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
            ImageStore store = new ImageStore(AwsClients.dynamoDb(), Env.IMAGES_TABLE.required());
            IngestService ingest = new IngestService(store, new ImagingEngine(), Clock.systemUTC());
            // Folders are checked as uploads check them: the folder exists in the project and is not being deleted.
            UploadService uploads = new UploadService(store, ingest,
                    new ImageObjects(AwsClients.s3(), Env.IMAGE_BUCKET.required()), AwsClients.s3Presigner(),
                    new FolderStore(AwsClients.dynamoDb(), Env.IMAGES_TABLE.required())::isOpen,
                    Clock.systemUTC());
            SERVICE = new ImportService(uploads, ingest,
                    new SafeFetcher(AddressPolicy.PUBLIC_ONLY, Resolver.SYSTEM, ImportService.FETCH_LIMITS));
        }
    }

    private static final class Links {
        static final ImageLinks LINKS = new ImageLinks(AwsClients.s3Presigner(), Env.IMAGE_BUCKET.required());
    }
}
