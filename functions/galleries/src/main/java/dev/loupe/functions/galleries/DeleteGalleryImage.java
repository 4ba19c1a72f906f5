package dev.loupe.functions.galleries;


import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code DELETE /v1/galleries/{name}/images/{image}}: the gallery API's {@code delete_image}.
 */
public final class DeleteGalleryImage extends GalleryHandler {
    private final GalleryCalls calls;

    public DeleteGalleryImage() {
        this(GalleryWiring.authenticator(), GalleryWiring.calls());
    }

    DeleteGalleryImage(Authenticator authenticator, GalleryCalls calls) {
        super(authenticator);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, calls.deleteImage(request, caller, GalleryCalls.name(request),
                request.pathParameter("image")), format(request));
    }

    @Override
    protected String internalErrorCode() {
        return "io_save_error";
    }
}
