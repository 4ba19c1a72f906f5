package dev.loupe.functions.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.GalleryApi;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code DELETE /v1/galleries/{name}}: the gallery API's {@code delete}; answers its empty gallery.
 */
public final class DeleteGallery extends ApiHandler {
    private final GalleryCalls calls;

    public DeleteGallery() {
        this(Galleries.calls());
    }

    DeleteGallery(GalleryCalls calls) {
        super(GalleryApi.INSTANCE);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        return family().ok(200, calls.delete(request, GalleryCalls.name(request)), request.preferredFormat());
    }

    @Override
    protected String internalErrorCode() {
        return "io_delete_error";
    }
}
