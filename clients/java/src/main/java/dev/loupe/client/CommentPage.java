package dev.loupe.client;

import java.util.List;

/** A page of comments, each reply right after its parent; {@code commentCount} the visible comments in all. */
public record CommentPage(int commentCount, List<Comment> comments, String nextCursor) {
}
