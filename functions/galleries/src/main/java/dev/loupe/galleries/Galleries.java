package dev.loupe.galleries;

import java.time.Clock;

import dev.loupe.shared.config.Env;
import dev.loupe.shared.gallery.GalleryService;
import dev.loupe.shared.gallery.GalleryStore;
import dev.loupe.shared.storage.AwsClients;

/** The galleries area's service, built once per container and shared by its handlers. */
final class Galleries {
    private Galleries() {
    }

    static GalleryService service() {
        return Holder.SERVICE;
    }

    private static final class Holder {
        static final GalleryService SERVICE = new GalleryService(
                new GalleryStore(AwsClients.dynamoDbEnhanced(), Env.GALLERIES_TABLE.required()), Clock.systemUTC());
    }
}
