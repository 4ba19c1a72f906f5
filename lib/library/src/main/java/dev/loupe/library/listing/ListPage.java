package dev.loupe.library.listing;

import java.util.List;
import java.util.Optional;

import dev.loupe.library.Image;

/**
 * One page of a listing.
 *
 * @param images     the page, in the listing's order
 * @param total      images that match the filters and search (what paging runs through)
 * @param totalCount every listed (active or archived) image of the project, whatever the filters
 * @param nextCursor where the next page starts, when one follows (cursor paging only)
 */
public record ListPage(List<Image> images, long total, long totalCount, Optional<String> nextCursor) {
}
