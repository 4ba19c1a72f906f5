package dev.loupe.client;

import java.util.List;

/**
 * A page of the image list API: {@code total} images match, of {@code totalcount} in the library; {@code currentpage}
 * counts from 0.
 */
public record ImageListPage(int total, int totalcount, int currentpage, List<ListedImage> image) {

    /** This page's images (none: an empty list). */
    public List<ListedImage> images() {
        return image == null ? List.of() : image;
    }
}
