package dev.loupe.client;

/**
 * A gallery's or an image's rating after a change: the average (two decimals, null when no one rated it), the count,
 * and the caller's own stars (null after a removal).
 */
public record Rating(Double rating, int ratingCount, Integer stars) {
}
