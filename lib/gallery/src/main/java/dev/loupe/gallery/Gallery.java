package dev.loupe.gallery;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.loupe.core.dynamo.StarRatings;

/**
 * A gallery as stored: named uniquely within its project, owned either by a registered user of the project (the
 * {@code sub} of a backend-signed token) or by whoever holds its anonymous owner token (only a hash is kept).
 *
 * @param imageIds the library images it shows, in order; each appears once
 * @param version  bumped by every change: writes are conditional on it, so concurrent changes retry, never overwrite
 * @param ratings  its ratings' count and sum: read from its own tally item ({@code sk = RATING}), never written
 *                 with the gallery, for the same reason as the views
 * @param views    how often its page or player was opened: read from its own counter item, never written with the
 *                 gallery (a view must not collide with an edit's version check)
 * @param comments its visible comments: read from its comment counter item ({@link GalleryKeys}), which only a
 *                 comment's transaction moves, never written with the gallery
 */
public record Gallery(String projectId, String name, String title, Optional<String> ownerUserId,
                      Optional<String> ownerUserName, Optional<String> ownerTokenHash, Instant added, Instant updated,
                      long version, List<String> imageIds, Details details, long views, long comments,
                      StarRatings.Tally ratings) {

    /** A gallery as its own item holds it, before its counters and tally are read. */
    public Gallery(String projectId, String name, String title, Optional<String> ownerUserId,
                   Optional<String> ownerUserName, Optional<String> ownerTokenHash, Instant added, Instant updated,
                   long version, List<String> imageIds, Details details, long views) {
        this(projectId, name, title, ownerUserId, ownerUserName, ownerTokenHash, added, updated, version, imageIds,
                details, views, 0, StarRatings.Tally.NONE);
    }

    public Gallery {
        imageIds = imageIds == null ? List.of() : List.copyOf(imageIds);
        details = details == null ? Details.DEFAULTS : details;
        ratings = ratings == null ? StarRatings.Tally.NONE : ratings;
    }

    /**
     * What the slideshow side (the imageloop-style slideshow API) adds to a gallery of the gallery API.
     *
     * @param passwordHash set only while security is {@link Security#PASSWORD}
     * @param viewKey      signs the view tokens of a password-protected gallery; a new password draws a new one
     * @param captions     image id to caption, for images the gallery shows
     * @param deleting     set by delete before it removes the usages, so that a delete that failed half-way is
     *                     finished by the next one and the gallery reads as gone meanwhile
     */
    public record Details(String description, Security security, Optional<String> passwordHash,
                          Optional<String> viewKey, PlayerSetup player, Optional<String> coverImageId,
                          Map<String, String> captions, boolean deleting) {
        /** New galleries are public, as the gallery API's are: anyone with the link sees them and they are listed. */
        public static final Details DEFAULTS = new Details("", Security.PUBLIC, Optional.empty(), Optional.empty(),
                PlayerSetup.DEFAULTS, Optional.empty(), Map.of(), false);

        public Details {
            description = description == null ? "" : description;
            captions = captions == null ? Map.of() : Map.copyOf(captions);
        }

        /** The same details, marked as being deleted. */
        Details markedDeleting() {
            return new Details(description, security, passwordHash, viewKey, player, coverImageId, captions, true);
        }

        /** The same details without what belonged to an image the gallery no longer shows: its caption, its cover. */
        Details withoutImage(String imageId) {
            Map<String, String> kept = new java.util.HashMap<>(captions);
            kept.remove(imageId);
            return new Details(description, security, passwordHash, viewKey, player,
                    coverImageId.filter(id -> !id.equals(imageId)), kept, deleting);
        }
    }

    /** The same gallery with a view count read from its counter item. */
    Gallery withViews(long count) {
        return new Gallery(projectId, name, title, ownerUserId, ownerUserName, ownerTokenHash, added, updated, version,
                imageIds, details, count, comments, ratings);
    }

    /** The same gallery with a comment count read from its comment counter item. */
    Gallery withComments(long count) {
        return new Gallery(projectId, name, title, ownerUserId, ownerUserName, ownerTokenHash, added, updated, version,
                imageIds, details, views, count, ratings);
    }

    /** The same gallery with its ratings read from its tally item. */
    Gallery withRatings(StarRatings.Tally tally) {
        return new Gallery(projectId, name, title, ownerUserId, ownerUserName, ownerTokenHash, added, updated, version,
                imageIds, details, views, comments, tally);
    }

    public boolean isListed() {
        return details.security() == Security.PUBLIC && !details.deleting();
    }

    Gallery changed(String newTitle, List<String> newImageIds, Instant when) {
        return new Gallery(projectId, name, newTitle, ownerUserId, ownerUserName, ownerTokenHash, added, when,
                version + 1, newImageIds, details, views, comments, ratings);
    }

    Gallery changed(String newTitle, List<String> newImageIds, Details newDetails, Instant when) {
        return new Gallery(projectId, name, newTitle, ownerUserId, ownerUserName, ownerTokenHash, added, when,
                version + 1, newImageIds, newDetails, views, comments, ratings);
    }
}
