package dev.loupe.functions.galleries;


import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code DELETE /v1/galleries/{name}}: the gallery API's {@code delete}; answers its empty gallery.
 */
public final class DeleteGallery extends GalleryHandler {
    private final GalleryCalls calls;

    public DeleteGallery() {
        this(GalleryWiring.authenticator(), GalleryWiring.calls());
    }

    DeleteGallery(Authenticator authenticator, GalleryCalls calls) {
        super(authenticator);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, calls.delete(request, caller, GalleryCalls.name(request)), format(request));
    }

    @Override
    protected String internalErrorCode() {
        return "io_delete_error";
    }
}
