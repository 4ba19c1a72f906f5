package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authentication;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.listing.ImageListView;
import dev.loupe.library.listing.ListParams;

/** {@code GET /v1/images}: the library's images, filtered, searched and sorted, a cursor page at a time. */
public final class ListImages extends ApiHandler {
    public ListImages() {
        super(LoupeApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var caller = Authentication.caller(request);
        var query = ListParams.loupe(request.params());
        var page = Listing.service().list(caller, query);
        return family().ok(200, ImageListView.of(page, Library.links()), request.preferredFormat());
    }
}
