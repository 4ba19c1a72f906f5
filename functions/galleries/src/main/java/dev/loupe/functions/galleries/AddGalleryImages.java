package dev.loupe.functions.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.GalleryApi;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code POST /v1/galleries/{name}/images}: the gallery API's {@code add}, {@code image} being library image ids;
 * a multipart body may also bring files ({@code file} parts), uploaded to the library and added after the ids.
 */
public final class AddGalleryImages extends ApiHandler {
    private final GalleryCalls calls;

    public AddGalleryImages() {
        this(Galleries.calls());
    }

    AddGalleryImages(GalleryCalls calls) {
        super(GalleryApi.INSTANCE);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        return family().ok(200, calls.add(request, GalleryCalls.name(request)), request.preferredFormat());
    }

    @Override
    protected String internalErrorCode() {
        return "io_read_error";
    }
}
