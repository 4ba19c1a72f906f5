package dev.loupe.functions.galleries;


import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code GET /v1/galleries/{name}}: the gallery API's {@code view}.
 * The owner token is shown only to a caller who sends it.
 */
public final class ViewGallery extends GalleryHandler {
    private final GalleryCalls calls;

    public ViewGallery() {
        this(GalleryWiring.authenticator(), GalleryWiring.callsAdmittingMembers());
    }

    ViewGallery(Authenticator authenticator, GalleryCalls calls) {
        super(authenticator);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, calls.view(request, caller, GalleryCalls.name(request)), format(request));
    }

    @Override
    protected String internalErrorCode() {
        return "io_read_error";
    }
}
