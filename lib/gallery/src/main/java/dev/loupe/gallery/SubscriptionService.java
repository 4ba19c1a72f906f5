package dev.loupe.gallery;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;

/**
 * Following galleries and users, and reading one's notifications (people part 3), free of Lambda types. Only a
 * registered user follows and is notified (a logged-in session, or a backend token with {@code sub}); a gallery is
 * followed as the caller may see it (a private gallery is missing to all but its owner, a password gallery needs its
 * password or view token). Storage: {@link Notifications}; the events: {@link NotificationFanOut}.
 */
public final class SubscriptionService {
    public static final int MAX_READ_IDS = 100;
    private static final String NOTIFICATION_ID = "[0-9]{13}-[0-9a-f]{24}";

    private final Notifications store;
    private final GalleryStore galleries;
    private final GalleryAccess access;
    private final UserBlocks userBlocks;
    private final Clock clock;

    public SubscriptionService(Notifications store, GalleryStore galleries, PasswordThrottle throttle, Clock clock) {
        this(store, galleries, throttle, UserBlocks.NONE, clock);
    }

    public SubscriptionService(Notifications store, GalleryStore galleries, PasswordThrottle throttle,
                               UserBlocks userBlocks, Clock clock) {
        this.store = store;
        this.userBlocks = userBlocks;
        this.galleries = galleries;
        this.access = new GalleryAccess(clock, throttle, galleries.invitations(), userBlocks);
        this.clock = clock;
    }

    /** The paging of a list: from the previous page's cursor, at most {@code limit}. */
    public record Listing(Optional<String> cursor, int limit) {
    }

    public Notifications.Subscription followGallery(Caller caller, String name, GalleryService.Access visitor) {
        String me = signedIn(caller);
        Gallery g = visibleGallery(caller, name, visitor);
        permitFollow(caller, g.ownerUserId());
        String target = GalleryKeys.galleryFollowTarget(g.name(), g.added().getEpochSecond());
        var now = clock.instant();
        store.follow(caller.projectId(), me, target, "gallery", g.name(), now);
        return new Notifications.Subscription("gallery", target, g.name(), now);
    }

    /**
     * Unfollows the gallery now under the name; a private gallery is still missing afterwards to anyone but its owner
     * and its invited members.
     */
    public void unfollowGallery(Caller caller, String name) {
        String me = signedIn(caller);
        Gallery g = galleries.find(caller.projectId(), name).filter(x -> !x.details().deleting())
                .orElseThrow(GalleryAccess::notExist);
        store.unfollow(caller.projectId(), me, GalleryKeys.galleryFollowTarget(g.name(), g.added().getEpochSecond()));
        if (g.details().security() == Security.PRIVATE && !GalleryAccess.owns(caller, g, Optional.empty())
                && !access.member(g, caller.userId())) {
            throw GalleryAccess.notExist();
        }
    }

    /** Follows a registered user of the caller's project (the handler found them by username). */
    public Notifications.Subscription followUser(Caller caller, String userId, String username) {
        String me = signedIn(caller);
        if (me.equals(userId)) {
            throw new ApiError(400, "cannot_follow_self", "You can't follow yourself", "username");
        }
        permitFollow(caller, Optional.of(userId));
        String target = GalleryKeys.userFollowTarget(userId);
        var now = clock.instant();
        store.follow(caller.projectId(), me, target, "user", username, now);
        return new Notifications.Subscription("user", target, username, now);
    }

    public void unfollowUser(Caller caller, String userId) {
        store.unfollow(caller.projectId(), signedIn(caller), GalleryKeys.userFollowTarget(userId));
    }

    public Notifications.SubscriptionPage subscriptions(Caller caller, Listing listing) {
        return store.subscriptions(caller.projectId(), signedIn(caller), listing.cursor().map(SubscriptionService::sk),
                listing.limit());
    }

    public Notifications.NotificationPage notifications(Caller caller, boolean unreadOnly, Listing listing) {
        String me = signedIn(caller);
        if (listing.cursor().filter(c -> !c.matches(NOTIFICATION_ID)).isPresent()) {
            throw ApiError.badParameter("cursor", "Not a cursor of this list");
        }
        return store.page(caller.projectId(), me, unreadOnly, listing.cursor(), listing.limit());
    }

    /** Marks the given notifications read, or all when none are given; answers how many were unread. */
    public int markRead(Caller caller, List<String> ids) {
        String me = signedIn(caller);
        if (ids.isEmpty()) {
            return store.markAllRead(caller.projectId(), me, clock.instant());
        }
        if (ids.size() > MAX_READ_IDS) {
            throw ApiError.badParameter("ids", "At most " + MAX_READ_IDS + " ids at once");
        }
        int marked = 0;
        for (String id : ids) {
            if (!id.matches(NOTIFICATION_ID)) {
                throw ApiError.badParameter("ids", "Not a notification id: " + id);
            }
            marked += store.markRead(caller.projectId(), me, id, clock.instant()) ? 1 : 0;
        }
        return marked;
    }

    /** The signed-in user's email digest (none until they chose one). */
    public Notifications.Digest digest(Caller caller) {
        return store.digest(caller.projectId(), signedIn(caller));
    }

    /** Sets the signed-in user's email digest; {@code linkBase} is the base URL of its unsubscribe link. */
    public void setDigest(Caller caller, Notifications.Digest digest, String linkBase) {
        store.setDigest(caller.projectId(), signedIn(caller), digest, linkBase);
    }

    /**
     * The one place that decides whether the caller may follow what {@code ownerId} owns (a gallery's owner, or the
     * followed user themself).
     */
    private void permitFollow(Caller caller, Optional<String> ownerId) {
        // A user the owner blocked may not follow the owner's galleries or the owner (as they may not comment).
        if (ownerId.isPresent() && userBlocks.blocks(caller.projectId(), ownerId.get(), signedIn(caller))) {
            throw new ApiError(403, "blocked", "You can't follow this user's galleries");
        }
    }

    private Gallery visibleGallery(Caller caller, String name, GalleryService.Access visitor) {
        Gallery g = galleries.find(caller.projectId(), name).filter(x -> !x.details().deleting())
                .orElseThrow(GalleryAccess::notExist);
        // An invited member follows the private gallery they were let into, as they may comment on it.
        if (!GalleryAccess.owns(caller, g, Optional.empty()) && !access.member(g, caller.userId())) {
            access.admitted(g, visitor);
        }
        return g;
    }

    private static String signedIn(Caller caller) {
        return caller.userId().orElseThrow(() -> ApiError.unauthorized("sign_in_required",
                "Sign in as a registered user to follow and read notifications"));
    }

    /** The subscriptions' cursor is the entry's sort key (a gallery's or user's target); nothing else is accepted. */
    private static String sk(String cursor) {
        if (!cursor.startsWith("G#") && !cursor.startsWith("U#")) {
            throw ApiError.badParameter("cursor", "Not a cursor of this list");
        }
        return cursor;
    }
}
