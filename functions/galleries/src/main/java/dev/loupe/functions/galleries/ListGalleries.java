package dev.loupe.functions.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.GalleryApi;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code GET /v1/galleries}: the gallery API's {@code gallery_list}:
 * a user's galleries by {@code start} and {@code limit}.
 */
public final class ListGalleries extends ApiHandler {
    private final GalleryCalls calls;

    public ListGalleries() {
        this(Galleries.calls());
    }

    ListGalleries(GalleryCalls calls) {
        super(GalleryApi.INSTANCE);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        return family().ok(200, calls.list(request), request.preferredFormat());
    }

    @Override
    protected String internalErrorCode() {
        return "db_error_album_list";
    }
}
