package dev.loupe.functions.imports;

import java.time.Clock;

import dev.loupe.auth.Authentication;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.limits.ProjectGate;
import dev.loupe.core.Lazy;
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
 * How the imports area's handler gets its services: built on first use, once per container, from the function's
 * environment (as {@code LibraryWiring} does for the library area). The fetcher looks names up with the system
 * resolver and reaches public addresses only, and besides them the one loopback address and port that
 * {@code LOOPBACK_ALLOWED_TARGET} names when the local cloud sets it (template.yaml leaves it empty).
 */
final class ImportWiring {
    private static final Lazy<ImportService> IMPORTS = new Lazy<>();
    private static final Lazy<ImageLinks> LINKS = new Lazy<>();

    private ImportWiring() {
    }

    /** The verifier, each verified call counted against its project's rate ({@link ProjectGate#counting}). */
    static Authenticator authenticator() {
        return ProjectGate.counting(Authentication.authenticator(), ProjectGate::fromEnv);
    }

    static ImportService imports() {
        return IMPORTS.get(() -> {
            ImageStore store = new ImageStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required());
            IngestService ingest = new IngestService(store, new ImagingEngine(), Clock.systemUTC());
            // Folders are checked as uploads check them: the folder exists in the project and is not being deleted.
            UploadService uploads = new UploadService(store, ingest,
                    new ImageObjects(S3Clients.client(), Env.IMAGE_BUCKET.required()), S3Clients.presigner(),
                    new FolderStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required())::isOpen,
                    Clock.systemUTC());
            return new ImportService(uploads, ingest,
                    new SafeFetcher(AddressPolicy.fromEnv(), Resolver.SYSTEM, ImportService.FETCH_LIMITS));
        });
    }

    static ImageLinks links() {
        return LINKS.get(() -> new ImageLinks(S3Clients.presigner(), Env.IMAGE_BUCKET.required()));
    }
}
