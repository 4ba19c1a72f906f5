package dev.loupe.library;

import java.time.Instant;

/**
 * One use of a library image by another feature (Constant Contact's ImageUsage): which feature ({@code gallery}), which
 * of its things ({@code ref}, a gallery's name), a name people read, and the API link to it. Galleries add and
 * remove these; image details list them; when an image is deleted the usages stay, marked with the time, so that
 * each user of the image can find out and let go of it.
 */
public record ImageUsage(String feature, String ref, String name, String link, Instant added,
                         java.util.Optional<Instant> imageDeleted) {
}
