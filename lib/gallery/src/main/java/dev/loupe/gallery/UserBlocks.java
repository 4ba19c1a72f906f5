package dev.loupe.gallery;

/**
 * Whether a registered user blocked another everywhere: the people module's blocks (`/v1/me/blocks`), which this
 * module can't use directly (the functions wire them in). A blocked user can't comment on the blocker's galleries
 * ({@link CommentService}) or follow them or the blocker ({@link SubscriptionService}), and an invited member the owner
 * blocks is a member no more ({@link GalleryAccess}); {@link #NONE} where no one blocks.
 */
@FunctionalInterface
public interface UserBlocks {
    UserBlocks NONE = (projectId, ownerUserId, userId) -> false;

    boolean blocks(String projectId, String ownerUserId, String userId);
}
