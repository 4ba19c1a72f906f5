package dev.loupe.functions.people;

import java.util.List;

import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.gallery.SubscriptionService;

/** How the subscription and notification routes read their requests, in one place. */
final class SubscriptionRequests {
    private SubscriptionRequests() {
    }

    /** {@code limit} (1 to 100, default 20) and {@code cursor}, from the previous page's {@code next_cursor}. */
    static SubscriptionService.Listing listing(HttpRequest request) {
        return new SubscriptionService.Listing(request.params().text("cursor"), CommentRequests.limit(request));
    }

    /** {@code unread=true} lists unread notifications only. */
    static boolean unreadOnly(HttpRequest request) {
        String v = request.params().text("unread").orElse("false");
        if (!v.equals("true") && !v.equals("false")) {
            throw ApiError.badParameter("unread", "unread is true or false");
        }
        return v.equals("true");
    }

    /** {@code {"ids": [...]}} marks those read; no body or no {@code ids}: all of them. */
    static List<String> ids(HttpRequest request) {
        List<String> ids = request.params().all("ids");
        if (ids.stream().anyMatch(id -> id == null || id.isBlank())) {
            throw ApiError.badParameter("ids", "ids is a list of notification ids (leave it out for all)");
        }
        return ids;
    }
}
