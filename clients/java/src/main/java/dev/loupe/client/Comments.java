package dev.loupe.client;

import static dev.loupe.client.Transport.params;
import static dev.loupe.client.Transport.segment;

import java.util.Map;

/**
 * Comments on galleries and library images, and ratings of both. Obtained from {@link LoupeClient#comments()};
 * writing needs a client that speaks for a user ({@link LoupeClient#asUser}).
 */
public final class Comments {
    private final Transport transport;

    Comments(Transport transport) {
        this.transport = transport;
    }

    /** A comment on a gallery, or a reply when {@code replyTo} names a top-level comment (else null). */
    public Comment commentOnGallery(String gallery, String text, String replyTo) {
        return transport.read(transport.json("POST", "/v1/galleries/" + segment(gallery) + "/comments",
                params("text", text, "reply_to", replyTo), false), Comment.class);
    }

    /** @param newestFirst newest first (else oldest first) */
    public CommentPage galleryComments(String gallery, boolean newestFirst, Integer limit, String cursor) {
        return transport.read(transport.get("/v1/galleries/" + segment(gallery) + "/comments", params("order",
                newestFirst ? "newest" : "oldest", "limit", limit, "cursor", cursor)), CommentPage.class);
    }

    public Comment commentOnImage(String imageId, String text, String replyTo) {
        return transport.read(transport.json("POST", "/v1/images/" + segment(imageId) + "/comments",
                params("text", text, "reply_to", replyTo), false), Comment.class);
    }

    public CommentPage imageComments(String imageId, boolean newestFirst, Integer limit, String cursor) {
        return transport.read(transport.get("/v1/images/" + segment(imageId) + "/comments", params("order",
                newestFirst ? "newest" : "oldest", "limit", limit, "cursor", cursor)), CommentPage.class);
    }

    /** The author changes the text (within 15 minutes of writing it). */
    public Comment edit(String commentId, String text) {
        return transport.read(transport.json("PATCH", "/v1/comments/" + segment(commentId), Map.of("text", text),
                false), Comment.class);
    }

    /** A moderator hides (or shows again) a comment. */
    public Comment hide(String commentId, boolean hidden) {
        return transport.read(transport.json("PATCH", "/v1/comments/" + segment(commentId), Map.of("hidden", hidden),
                false), Comment.class);
    }

    public void delete(String commentId) {
        transport.exchange(transport.delete("/v1/comments/" + segment(commentId), Map.of()));
    }

    /** Reports a comment to its moderators; true the first time this user reports it. */
    public boolean report(String commentId, String reason) {
        return transport.read(transport.json("POST", "/v1/comments/" + segment(commentId) + "/reports",
                params("reason", reason), false), Reported.class).counted();
    }

    /** The caller's rating of a gallery, 1 to 5 stars (changeable). */
    public Rating rateGallery(String gallery, int stars) {
        return transport.read(transport.json("PUT", "/v1/galleries/" + segment(gallery) + "/rating",
                Map.of("stars", stars), true), Rating.class);
    }

    public Rating unrateGallery(String gallery) {
        return transport.read(transport.delete("/v1/galleries/" + segment(gallery) + "/rating", Map.of()),
                Rating.class);
    }

    public Rating rateImage(String imageId, int stars) {
        return transport.read(transport.json("PUT", "/v1/images/" + segment(imageId) + "/rating",
                Map.of("stars", stars), true), Rating.class);
    }

    public Rating unrateImage(String imageId) {
        return transport.read(transport.delete("/v1/images/" + segment(imageId) + "/rating", Map.of()),
                Rating.class);
    }

    private record Reported(String comment, boolean counted) {
    }
}
