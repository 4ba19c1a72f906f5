package dev.loupe.functions.galleries;


import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code PATCH /v1/galleries/{name}}: the gallery API's {@code edit}:
 * {@code title}, and {@code order} (image ids) to reorder.
 */
public final class EditGallery extends GalleryHandler {
    private final GalleryCalls calls;

    public EditGallery() {
        this(GalleryWiring.authenticator(), GalleryWiring.calls());
    }

    EditGallery(Authenticator authenticator, GalleryCalls calls) {
        super(authenticator);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, calls.edit(request, caller, GalleryCalls.name(request)), format(request));
    }

    @Override
    protected String internalErrorCode() {
        return "io_save_error";
    }
}
