package dev.loupe.functions.library;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.ListingApi;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.listing.Api2ImageList;
import dev.loupe.library.listing.ImageListing;
import dev.loupe.library.listing.ListParams;
import dev.loupe.library.listing.ListQuery;

/** {@code GET /api/2/images}: the image list API's list (offset as a page number, its fields, its error refs). */
public final class ListImagesApi2 extends AuthenticatedApiHandler<Caller> {
    private final ImageLinks links;
    private final ImageListing listing;

    public ListImagesApi2() {
        this(LibraryWiring.authenticator(), LibraryWiring.links(), LibraryWiring.listing());
    }

    ListImagesApi2(Function<HttpRequest, Caller> authenticator, ImageLinks links, ImageListing listing) {
        super(ListingApi.INSTANCE, authenticator);
        this.links = links;
        this.listing = listing;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        ListQuery query = ListParams.api2(request.params());
        var page = listing.list(caller, query);
        long pageNumber = ((ListQuery.Page) query.position()).number();
        return family().ok(200, Api2ImageList.of(page, pageNumber, links), request.preferredFormat());
    }
}
