package dev.loupe.functions.library;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageService;
import dev.loupe.library.ImageView;

/** {@code GET /v1/images/{id}}: an image's details, thumbnails and usages (Constant Contact's image details). */
public final class ViewImage extends AuthenticatedApiHandler<Caller> {
    private final ImageService images;
    private final ImageLinks links;

    public ViewImage() {
        this(LibraryWiring.authenticator(), LibraryWiring.images(), LibraryWiring.links());
    }

    ViewImage(Function<HttpRequest, Caller> authenticator, ImageService images, ImageLinks links) {
        super(LoupeApi.INSTANCE, authenticator);
        this.images = images;
        this.links = links;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var details = images.details(caller, request.pathParameter("id").orElseThrow());
        return family().ok(200, ImageView.of(details, links),
                request.preferredFormat());
    }
}
