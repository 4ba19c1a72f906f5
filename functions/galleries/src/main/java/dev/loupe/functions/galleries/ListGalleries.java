package dev.loupe.functions.galleries;


import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code GET /v1/galleries}: the gallery API's {@code gallery_list}:
 * a user's galleries by {@code start} and {@code limit}.
 */
public final class ListGalleries extends GalleryHandler {
    private final GalleryCalls calls;

    public ListGalleries() {
        this(GalleryWiring.authenticator(), GalleryWiring.calls());
    }

    ListGalleries(Authenticator authenticator, GalleryCalls calls) {
        super(authenticator);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, calls.list(request, caller), format(request));
    }

    @Override
    protected String internalErrorCode() {
        return "db_error_album_list";
    }
}
