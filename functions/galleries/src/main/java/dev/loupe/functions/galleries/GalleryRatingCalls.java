package dev.loupe.functions.galleries;

import java.util.Optional;

import dev.loupe.auth.Caller;
import dev.loupe.core.dynamo.StarRatings;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.Params;
import dev.loupe.core.http.RatingAnswer;
import dev.loupe.gallery.GalleryRatingService;
import dev.loupe.gallery.GalleryService;
import dev.loupe.gallery.page.GalleryView;

/**
 * The rating actions of the gallery routes, once: read the parameters, call {@link GalleryRatingService} on behalf
 * of the verified caller, build the answer. A protected gallery's rating takes its {@code password} or a view token
 * ({@code vt}), as its view does.
 */
final class GalleryRatingCalls {
    private final GalleryRatingService ratings;

    GalleryRatingCalls(GalleryRatingService ratings) {
        this.ratings = ratings;
    }

    /** {@code stars} (1 to 5, required) as the caller's rating; the new tally. */
    RatingAnswer rate(HttpRequest request, Caller caller, String name) {
        Params p = request.params();
        int stars = stars(p);
        var rated = ratings.rate(caller, name, access(request), stars);
        return RatingAnswer.of(rated.tally(), rated.stars());
    }

    /** Removes the caller's rating; the new tally. */
    RatingAnswer unrate(HttpRequest request, Caller caller, String name) {
        var rated = ratings.unrate(caller, name, access(request));
        return RatingAnswer.of(rated.tally(), rated.stars());
    }

    /** The top-rated public galleries: {@code limit} (20, at most 100) and {@code cursor}, as the newest list. */
    GalleryView.NewestView topRated(HttpRequest request, Caller caller) {
        int limit = request.params().integer("limit", 1, GalleryCalls.MAX_LIMIT).orElse(GalleryCalls.DEFAULT_LIMIT);
        Optional<String> after = request.params().text("cursor").map(GalleryCalls::cursorKey);
        var page = ratings.topRated(caller.projectId(), after, limit);
        return GalleryView.NewestView.of(page.galleries(), page.next().map(GalleryCalls::cursorOf),
                request.baseUrl());
    }

    static int stars(Params p) {
        return p.integer("stars", StarRatings.MIN_STARS, StarRatings.MAX_STARS).orElseThrow(() -> new ApiError(400,
                "bad_parameter_stars", "stars (1 to 5) is required", "stars"));
    }

    private static GalleryService.Access access(HttpRequest request) {
        Params p = request.params();
        return new GalleryService.Access(p.first("password"), p.text("vt"), request.sourceIp());
    }
}
