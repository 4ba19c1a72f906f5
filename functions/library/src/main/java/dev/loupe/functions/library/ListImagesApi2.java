package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authentication;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.ListingApi;
import dev.loupe.library.listing.Api2ImageList;
import dev.loupe.library.listing.ListParams;
import dev.loupe.library.listing.ListQuery;

/** {@code GET /api/2/images}: the image list API's list (offset as a page number, its fields, its error refs). */
public final class ListImagesApi2 extends ApiHandler {
    public ListImagesApi2() {
        super(ListingApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var caller = Authentication.caller(request);
        ListQuery query = ListParams.api2(request.params());
        var page = Listing.service().list(caller, query);
        long pageNumber = ((ListQuery.Page) query.position()).number();
        return family().ok(200, Api2ImageList.of(page, pageNumber, Library.links()), request.preferredFormat());
    }
}
