package dev.loupe.functions.library;

import java.util.Optional;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.dynamo.StarRatings;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.RatingAnswer;
import dev.loupe.library.ImageRatingService;

/**
 * {@code PUT /v1/images/{id}/rating}: sets the caller's rating of a library image: JSON or form {@code stars} (1 to 5); one rating per registered user (a logged-in session, or a token with {@code sub}), changeable. Answers the image's new {@code rating} and {@code rating_count} and the caller's {@code stars}.
 */
public final class RateImage extends AuthenticatedApiHandler<Caller> {
    private final ImageRatingService ratings;

    public RateImage() {
        this(LibraryWiring.authenticator(), LibraryWiring.ratings());
    }

    RateImage(Function<HttpRequest, Caller> authenticator, ImageRatingService ratings) {
        super(LoupeApi.INSTANCE, authenticator);
        this.ratings = ratings;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        String id = request.pathParameter("id").orElseThrow();
        int stars = request.params().integer("stars", StarRatings.MIN_STARS, StarRatings.MAX_STARS)
                .orElseThrow(() -> ApiError.badParameter("stars", "stars (1 to 5) is required"));
        return family().ok(200, RatingAnswer.of(ratings.rate(caller, id, stars), Optional.of(stars)),
                request.preferredFormat());
    }
}
