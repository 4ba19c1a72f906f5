package dev.loupe.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.shared.http.ApiHandler;
import dev.loupe.shared.http.GalleryApi;
import dev.loupe.shared.http.HttpRequest;

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
