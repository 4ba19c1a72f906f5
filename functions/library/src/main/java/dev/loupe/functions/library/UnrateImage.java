package dev.loupe.functions.library;

import java.util.Optional;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.RatingAnswer;
import dev.loupe.library.ImageRatingService;

/**
 * {@code DELETE /v1/images/{id}/rating}: removes the caller's rating of a library image, if any. Answers the image's new {@code rating} and {@code rating_count}.
 */
public final class UnrateImage extends AuthenticatedApiHandler<Caller> {
    private final ImageRatingService ratings;

    public UnrateImage() {
        this(LibraryWiring.authenticator(), LibraryWiring.ratings());
    }

    UnrateImage(Function<HttpRequest, Caller> authenticator, ImageRatingService ratings) {
        super(LoupeApi.INSTANCE, authenticator);
        this.ratings = ratings;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        String id = request.pathParameter("id").orElseThrow();
        return family().ok(200, RatingAnswer.of(ratings.unrate(caller, id), Optional.empty()),
                request.preferredFormat());
    }
}
