package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authentication;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.ImageView;

/** {@code GET /v1/images/{id}}: an image's details, thumbnails and usages (Constant Contact's image details). */
public final class ViewImage extends ApiHandler {
    public ViewImage() {
        super(LoupeApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var caller = Authentication.caller(request);
        var details = Library.images().details(caller, request.pathParameter("id").orElseThrow());
        return family().ok(200, ImageView.of(details.image(), details.usages(), Library.links()),
                request.preferredFormat());
    }
}
