package dev.loupe.functions.library;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.listing.ImageListView;
import dev.loupe.library.listing.ImageListing;
import dev.loupe.library.listing.ListParams;

/** {@code GET /v1/images}: the library's images, filtered, searched and sorted, a cursor page at a time. */
public final class ListImages extends AuthenticatedApiHandler<Caller> {
    private final ImageLinks links;
    private final ImageListing listing;

    public ListImages() {
        this(LibraryWiring.authenticator(), LibraryWiring.links(), LibraryWiring.listing());
    }

    ListImages(Function<HttpRequest, Caller> authenticator, ImageLinks links, ImageListing listing) {
        super(LoupeApi.INSTANCE, authenticator);
        this.links = links;
        this.listing = listing;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var query = ListParams.loupe(request.params());
        var page = listing.list(caller, query);
        return family().ok(200, ImageListView.of(page, links), request.preferredFormat());
    }
}
