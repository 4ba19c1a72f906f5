package dev.loupe.functions.library;

import dev.loupe.library.listing.ImageListing;
import dev.loupe.core.dynamo.DynamoDbClients;

/** The listing service of the library area, built once per container on first use (beside {@link Library}). */
final class Listing {
    private Listing() {
    }

    static ImageListing service() {
        return Holder.LISTING;
    }

    private static final class Holder {
        static final ImageListing LISTING = new ImageListing(DynamoDbClients.client(), Library.store());
    }
}
