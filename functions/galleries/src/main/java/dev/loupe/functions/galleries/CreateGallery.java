package dev.loupe.functions.galleries;


import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code POST /v1/galleries}: the gallery API's {@code create}, with its {@code title}, {@code name},
 * {@code token} and {@code image} (library image ids); a multipart body may also bring files ({@code file} parts),
 * uploaded to the library and shown after the ids. Answers 201; an anonymous creator finds its owner token under
 * {@code uploader}.
 */
public final class CreateGallery extends GalleryHandler {
    private final GalleryCalls calls;

    public CreateGallery() {
        this(GalleryWiring.authenticator(), GalleryWiring.calls());
    }

    CreateGallery(Authenticator authenticator, GalleryCalls calls) {
        super(authenticator);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(201, calls.create(request, caller), format(request));
    }

    @Override
    protected String internalErrorCode() {
        return "io_create_error";
    }
}
