package dev.loupe.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.shared.auth.Authentication;
import dev.loupe.shared.auth.Caller;
import dev.loupe.shared.gallery.GalleryService;
import dev.loupe.shared.gallery.GalleryView;
import dev.loupe.shared.http.ApiHandler;
import dev.loupe.shared.http.GalleryApi;
import dev.loupe.shared.http.HttpRequest;
import dev.loupe.shared.http.Params;

/**
 * {@code POST /v1/galleries}: the gallery API's {@code create} (reference 001). Parameters as the reference names
 * them ({@code title}, {@code name}, {@code token}, {@code image}), in the query string or a JSON, form or multipart
 * body. Answers 201 with the gallery; an anonymous creator finds its owner token under {@code uploader}.
 */
public final class CreateGallery extends ApiHandler {
    private final GalleryService galleries;

    public CreateGallery() {
        this(Galleries.service());
    }

    CreateGallery(GalleryService galleries) {
        super(GalleryApi.INSTANCE);
        this.galleries = galleries;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        Caller caller = Authentication.caller(request);
        Params params = request.params();
        var command = new GalleryService.CreateCommand(params.first("title"), params.text("name"),
                params.text("token"), params.all("image"));
        var created = galleries.create(caller, command);
        return family().ok(201, GalleryView.of(created, request.baseUrl(), Galleries.links()), request.preferredFormat());
    }

    @Override
    protected String internalErrorCode() {
        return "io_create_error";
    }
}
