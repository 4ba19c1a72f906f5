package dev.loupe.functions.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.GalleryApi;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code PATCH /v1/galleries/{name}}: the gallery API's {@code edit}:
 * {@code title}, and {@code order} (image ids) to reorder.
 */
public final class EditGallery extends ApiHandler {
    private final GalleryCalls calls;

    public EditGallery() {
        this(Galleries.calls());
    }

    EditGallery(GalleryCalls calls) {
        super(GalleryApi.INSTANCE);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        return family().ok(200, calls.edit(request, GalleryCalls.name(request)), request.preferredFormat());
    }

    @Override
    protected String internalErrorCode() {
        return "io_save_error";
    }
}
