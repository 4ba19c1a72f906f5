package dev.loupe.functions.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code DELETE /v1/galleries/{name}/rating}: removes the caller's rating of a gallery, if any. Answers the gallery's new {@code rating} and {@code rating_count}.
 */
public final class UnrateGallery extends GalleryHandler {
    private final GalleryRatingCalls calls;

    public UnrateGallery() {
        this(GalleryWiring.authenticator(), GalleryWiring.ratingCalls());
    }

    UnrateGallery(Authenticator authenticator, GalleryRatingCalls calls) {
        super(authenticator);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, calls.unrate(request, caller, GalleryCalls.name(request)), format(request));
    }

    @Override
    protected String internalErrorCode() {
        return "io_save_error";
    }
}
