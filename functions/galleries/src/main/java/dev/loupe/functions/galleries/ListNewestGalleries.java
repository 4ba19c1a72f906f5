package dev.loupe.functions.galleries;


import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code GET /v1/public/galleries}: the project's newest public galleries (the slideshow API's looop queries),
 * paged by {@code limit} and {@code cursor}.
 */
public final class ListNewestGalleries extends GalleryHandler {
    private final GalleryCalls calls;

    public ListNewestGalleries() {
        this(GalleryWiring.authenticator(), GalleryWiring.calls());
    }

    ListNewestGalleries(Authenticator authenticator, GalleryCalls calls) {
        super(authenticator);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, calls.newest(request, caller), format(request));
    }

    @Override
    protected String internalErrorCode() {
        return "db_error_album_list";
    }
}
