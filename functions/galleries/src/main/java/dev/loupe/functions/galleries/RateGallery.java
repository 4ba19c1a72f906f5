package dev.loupe.functions.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code PUT /v1/galleries/{name}/rating}: sets the caller's rating of a gallery: JSON or form {@code stars} (1 to 5); one rating per registered user, changeable. Answers the gallery's new {@code rating} and {@code rating_count} and the caller's {@code stars}.
 */
public final class RateGallery extends GalleryHandler {
    private final GalleryRatingCalls calls;

    public RateGallery() {
        this(GalleryWiring.authenticator(), GalleryWiring.ratingCalls());
    }

    RateGallery(Authenticator authenticator, GalleryRatingCalls calls) {
        super(authenticator);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, calls.rate(request, caller, GalleryCalls.name(request)), format(request));
    }

    @Override
    protected String internalErrorCode() {
        return "io_save_error";
    }
}
