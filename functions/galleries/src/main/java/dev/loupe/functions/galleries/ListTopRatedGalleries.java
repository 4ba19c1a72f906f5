package dev.loupe.functions.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code GET /v1/public/galleries/top-rated}: the project's public galleries with ratings, best first by a Bayesian
 * average (docs/DESIGN.md, "Ratings"), paged by {@code limit} and {@code cursor} like the newest list.
 */
public final class ListTopRatedGalleries extends GalleryHandler {
    private final GalleryRatingCalls calls;

    public ListTopRatedGalleries() {
        this(GalleryWiring.authenticator(), GalleryWiring.topRatedCalls());
    }

    ListTopRatedGalleries(Authenticator authenticator, GalleryRatingCalls calls) {
        super(authenticator);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, calls.topRated(request, caller), format(request));
    }

    @Override
    protected String internalErrorCode() {
        return "db_error_album_list";
    }
}
