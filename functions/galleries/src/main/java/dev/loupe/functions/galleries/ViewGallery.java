package dev.loupe.functions.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.GalleryApi;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code GET /v1/galleries/{name}}: the gallery API's {@code view}.
 * The owner token is shown only to a caller who sends it.
 */
public final class ViewGallery extends ApiHandler {
    private final GalleryCalls calls;

    public ViewGallery() {
        this(Galleries.calls());
    }

    ViewGallery(GalleryCalls calls) {
        super(GalleryApi.INSTANCE);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        return family().ok(200, calls.view(request, GalleryCalls.name(request)), request.preferredFormat());
    }

    @Override
    protected String internalErrorCode() {
        return "io_read_error";
    }
}
