package dev.loupe.client;

import java.util.List;

/** A page of a user's galleries: {@code count.total} in all, {@code count.batch} on this page. */
public record GalleryList(int version, Count count, List<Entry> gallery) {

    /** This page's galleries (none: an empty list). */
    public List<Entry> galleries() {
        return gallery == null ? List.of() : gallery;
    }

    public record Count(int total, int batch) {
    }

    /** @param added when the gallery was created, in Unix seconds */
    public record Entry(long added, String server, String name, String title, Gallery.Links links) {
    }
}
