package dev.loupe.functions.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.GalleryApi;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code DELETE /v1/galleries/{name}/images/{image}}: the gallery API's {@code delete_image}.
 */
public final class DeleteGalleryImage extends ApiHandler {
    private final GalleryCalls calls;

    public DeleteGalleryImage() {
        this(Galleries.calls());
    }

    DeleteGalleryImage(GalleryCalls calls) {
        super(GalleryApi.INSTANCE);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        return family().ok(200, calls.deleteImage(request, GalleryCalls.name(request), request.pathParameter("image")), request.preferredFormat());
    }

    @Override
    protected String internalErrorCode() {
        return "io_save_error";
    }
}
