package dev.loupe.functions.galleries;


import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code POST /v1/galleries/{name}/images}: the gallery API's {@code add}, {@code image} being library image ids;
 * a multipart body may also bring files ({@code file} parts), uploaded to the library and added after the ids.
 */
public final class AddGalleryImages extends GalleryHandler {
    private final GalleryCalls calls;

    public AddGalleryImages() {
        this(GalleryWiring.authenticator(), GalleryWiring.calls());
    }

    AddGalleryImages(Authenticator authenticator, GalleryCalls calls) {
        super(authenticator);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, calls.add(request, caller, GalleryCalls.name(request)), format(request));
    }

    @Override
    protected String internalErrorCode() {
        return "io_read_error";
    }
}
