package dev.loupe.library;

import java.util.Locale;
import java.util.Optional;

/**
 * Where an image is in its life. Only ACTIVE and ARCHIVED images are listed (image list API statuses, numbered 1 and
 * 2 there); PENDING waits for its bytes to be ingested, FAILED says why ingest refused them, DELETED is the tombstone
 * that users of the image (galleries) learn of the deletion from.
 */
public enum ImageStatus {
    PENDING(0), ACTIVE(1), ARCHIVED(2), FAILED(0), DELETED(0);

    private final int listingNumber;

    ImageStatus(int listingNumber) {
        this.listingNumber = listingNumber;
    }

    /** The word clients see: {@code active}, {@code archived}, ... */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean listed() {
        return listingNumber > 0;
    }

    /** The image list API's number for a listed status (1 active, 2 archived). */
    public int listingNumber() {
        return listingNumber;
    }

    /** A listed status from its word or its number ({@code active}, {@code 1}, {@code ARCHIVED}, {@code 2}). */
    public static Optional<ImageStatus> parseListed(String value) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        for (ImageStatus status : values()) {
            if (status.listed() && (status.name().equals(v) || String.valueOf(status.listingNumber).equals(v))) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
