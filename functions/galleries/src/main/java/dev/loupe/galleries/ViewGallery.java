package dev.loupe.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.shared.auth.Authentication;
import dev.loupe.shared.auth.Caller;
import dev.loupe.shared.gallery.GalleryService;
import dev.loupe.shared.gallery.GalleryView;
import dev.loupe.shared.http.ApiHandler;
import dev.loupe.shared.http.GalleryApi;
import dev.loupe.shared.http.HttpRequest;

/**
 * {@code GET /v1/galleries/{name}}: the gallery API's {@code view} (reference 001). The owner token is shown only to
 * a caller who sends it ({@code token} parameter).
 */
public final class ViewGallery extends ApiHandler {
    private final GalleryService galleries;

    public ViewGallery() {
        this(Galleries.service());
    }

    ViewGallery(GalleryService galleries) {
        super(GalleryApi.INSTANCE);
        this.galleries = galleries;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        Caller caller = Authentication.caller(request);
        String name = request.pathParameter("name").orElseThrow();
        var gallery = galleries.view(caller, name, request.params().text("token"));
        return family().ok(200, GalleryView.of(gallery, request.baseUrl(), Galleries.links()), request.preferredFormat());
    }

    @Override
    protected String internalErrorCode() {
        return "io_read_error";
    }
}
