package dev.loupe.functions.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.GalleryApi;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code GET /v1/public/galleries}: the project's newest public galleries (the slideshow API's looop queries),
 * paged by {@code limit} and {@code cursor}.
 */
public final class ListNewestGalleries extends ApiHandler {
    private final GalleryCalls calls;

    public ListNewestGalleries() {
        this(Galleries.calls());
    }

    ListNewestGalleries(GalleryCalls calls) {
        super(GalleryApi.INSTANCE);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        return family().ok(200, calls.newest(request), request.preferredFormat());
    }

    @Override
    protected String internalErrorCode() {
        return "db_error_album_list";
    }
}
