package dev.loupe.functions.galleries;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.GalleryApi;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code DELETE /v1/galleries/{name}}: the gallery API's {@code delete}; answers its empty gallery.
 */
public final class DeleteGallery extends AuthenticatedApiHandler<Caller> {
    private final GalleryCalls calls;

    public DeleteGallery() {
        this(GalleryWiring.authenticator(), GalleryWiring.calls());
    }

    DeleteGallery(Function<HttpRequest, Caller> authenticator, GalleryCalls calls) {
        super(GalleryApi.INSTANCE, authenticator);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, calls.delete(request, caller, GalleryCalls.name(request)), request.preferredFormat());
    }

    @Override
    protected String internalErrorCode() {
        return "io_delete_error";
    }
}
