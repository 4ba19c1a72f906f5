package dev.loupe.gallery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.loupe.auth.Caller;
import dev.loupe.core.dynamo.StarRatings;
import dev.loupe.core.http.ApiError;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Rating galleries (the imageloop-style API's slideshow ratings), free of Lambda types: one rating per registered
 * user per gallery, 1 to 5 stars, changeable and removable; and the project's top-rated public galleries. Who may
 * rate a gallery is whoever may see it ({@link GalleryService#visible}); the tally stays exact under any number of
 * concurrent raters ({@link StarRatings}, {@link GalleryRatings}).
 */
public final class GalleryRatingService {
    private final GalleryService galleries;
    private final GalleryStore store;
    private final GalleryRatings ratings;

    public GalleryRatingService(GalleryService galleries, GalleryStore store, GalleryRatings ratings) {
        this.galleries = galleries;
        this.store = store;
        this.ratings = ratings;
    }

    /** A gallery's ratings after a change, and the caller's own stars (empty: they have none now). */
    public record Rated(String name, StarRatings.Tally tally, Optional<Integer> stars) {
    }

    /** Sets the caller's stars (1 to 5) for the gallery; answers the new tally. */
    public Rated rate(Caller caller, String name, GalleryService.Access access, int stars) {
        if (stars < StarRatings.MIN_STARS || stars > StarRatings.MAX_STARS) {
            throw new ApiError(400, "bad_parameter_stars", "stars is a whole number from 1 to 5", "stars");
        }
        String user = rater(caller);
        return change(caller, name, access, gallery -> ratings.trySet(gallery, user, stars), Optional.of(stars));
    }

    /** Removes the caller's rating of the gallery, if any; answers the new tally. */
    public Rated unrate(Caller caller, String name, GalleryService.Access access) {
        String user = rater(caller);
        return change(caller, name, access, gallery -> ratings.tryRemove(gallery, user), Optional.empty());
    }

    /** The caller's own stars for a gallery it may see, if it rated it (what the gallery page preselects). */
    public Optional<Integer> starsOf(Gallery gallery, Optional<String> userId) {
        try {
            return userId.flatMap(user -> ratings.stars(gallery, user));
        } catch (SdkException e) {
            throw new ApiError(500, "io_read_error", "Unable to read album information");
        }
    }

    /** A page of the top-rated list: the galleries, best first, each with its tally; and where the next starts. */
    public record TopPage(List<Gallery> galleries, Optional<String> next) {
    }

    /**
     * The project's listed galleries with ratings, best first by their Bayesian average ({@link GalleryRatings}),
     * {@code limit} (1 to 100) from {@code after}. Each page is one index query and one batch read of its galleries;
     * a gallery whose listing changed a moment ago is dropped here too, so no page ever shows a closed one.
     */
    public TopPage topRated(String projectId, Optional<String> after, int limit) {
        try {
            GalleryRatings.TopPage page = ratings.topRated(projectId, after, limit);
            Map<String, Gallery> found = store.findAll(projectId,
                    page.galleries().stream().map(GalleryRatings.Rated::name).toList());
            List<Gallery> shown = new ArrayList<>();
            for (GalleryRatings.Rated rated : page.galleries()) {
                Gallery gallery = found.get(rated.name());
                if (gallery != null && gallery.isListed()) {
                    shown.add(gallery.withRatings(rated.tally()));
                }
            }
            return new TopPage(shown, page.next());
        } catch (IllegalArgumentException badCursor) {
            throw new ApiError(400, "bad_parameter_cursor", "cursor is not one this list gave", "cursor");
        } catch (SdkException e) {
            throw new ApiError(500, "db_error_album_list", "We were unable to fetch list of albums");
        }
    }

    private Rated change(Caller caller, String name, GalleryService.Access access,
                         java.util.function.Predicate<Gallery> attempt, Optional<Integer> stars) {
        try {
            Gallery rated = StarRatings.retried(() -> {
                Gallery gallery = galleries.visible(caller, name, access);
                return attempt.test(gallery) ? Optional.of(gallery) : Optional.empty();
            });
            return new Rated(name, ratings.rescore(rated), stars);
        } catch (SdkException e) {
            ApiError failed = new ApiError(500, "io_save_error", "Unable to save album information");
            failed.initCause(e);
            throw failed;
        }
    }

    /** Ratings are a registered user's: a session of a logged-in user, or a backend token with {@code sub}. */
    private static String rater(Caller caller) {
        return caller.userId().orElseThrow(() -> new ApiError(401, "login_required",
                "Rating needs a registered user: a logged-in session, or a token with sub"));
    }
}
