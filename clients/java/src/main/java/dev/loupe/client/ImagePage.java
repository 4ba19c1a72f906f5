package dev.loupe.client;

import java.util.List;

/** A page of the library's images ({@code GET /v1/images}); {@code nextCursor} is null on the last page. */
public record ImagePage(List<Image> images, int total, String nextCursor) {
}
