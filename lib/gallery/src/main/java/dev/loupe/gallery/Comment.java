package dev.loupe.gallery;

import java.time.Instant;
import java.util.Optional;

/**
 * A comment on a gallery or a library image, as stored.
 *
 * @param target     what it is on: {@code G#<name>#<added>} or {@code I#<image id>} ({@link GalleryKeys})
 * @param threadSk   its place in the target's thread (a reply sorts right after its parent)
 * @param replyTo    the comment it answers; replies go one level deep
 * @param authorId   the registered author's user id; empty for a named anonymous comment
 * @param authorName the author's username, or the name an anonymous commenter gave
 * @param edited     when its author last changed the text
 * @param hidden     hidden by the gallery's owner or an admin: out of the count, seen only by them and the author
 */
public record Comment(String projectId, String commentId, String target, String threadSk, Optional<String> replyTo,
                      Optional<String> authorId, String authorName, String text, Instant created,
                      Optional<Instant> edited, boolean hidden) {

    /** The gallery's name when the comment is on a gallery. */
    public Optional<String> galleryName() {
        if (!target.startsWith("G#")) {
            return Optional.empty();
        }
        return Optional.of(target.substring(2, target.lastIndexOf('#')));
    }

    /** The image's id when the comment is on an image. */
    public Optional<String> imageId() {
        return target.startsWith("I#") ? Optional.of(target.substring(2)) : Optional.empty();
    }

    public boolean anonymous() {
        return authorId.isEmpty();
    }

    Comment withText(String newText, Instant when) {
        return new Comment(projectId, commentId, target, threadSk, replyTo, authorId, authorName, newText, created,
                Optional.of(when), hidden);
    }

    Comment withHidden(boolean h) {
        return new Comment(projectId, commentId, target, threadSk, replyTo, authorId, authorName, text, created,
                edited, h);
    }
}
