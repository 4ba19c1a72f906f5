package dev.loupe.client;

import static dev.loupe.client.Transport.params;

import java.util.ArrayList;
import java.util.List;

/**
 * The image list API ({@code GET /api/2/images}): the library's images with that API's field names and its paging
 * (offset = page number, from 0). Obtained from {@link LoupeClient#imageList()}.
 */
public final class ImageList {
    private final Transport transport;

    ImageList(Transport transport) {
        this.transport = transport;
    }

    /** Page {@code page} (from 0) of the images {@code query} selects. */
    public ImageListPage page(ImageQuery query, int page) {
        return transport.read(transport.get("/api/2/images", params("offset", page, "limit", query.limit(),
                "status", query.status(), "extension", query.extension(), "search", query.search(),
                "sort", query.sort())), ImageListPage.class);
    }

    /** Every image {@code query} selects, page after page (mind large libraries). */
    public List<ListedImage> all(ImageQuery query) {
        List<ListedImage> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            ImageListPage answer = page(query, page);
            all.addAll(answer.images());
            if (answer.images().isEmpty() || all.size() >= answer.total()) {
                return all;
            }
        }
    }
}
