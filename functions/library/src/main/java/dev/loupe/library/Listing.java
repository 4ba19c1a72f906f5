package dev.loupe.library;

import dev.loupe.shared.library.listing.ImageListing;
import dev.loupe.shared.storage.AwsClients;

/** The listing service of the library area, built once per container on first use (beside {@link Library}). */
final class Listing {
    private Listing() {
    }

    static ImageListing service() {
        return Holder.LISTING;
    }

    private static final class Holder {
        static final ImageListing LISTING = new ImageListing(AwsClients.dynamoDb(), Library.store());
    }
}
