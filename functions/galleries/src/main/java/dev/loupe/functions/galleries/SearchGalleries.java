package dev.loupe.functions.galleries;


import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.gallery.GallerySearch;

/**
 * {@code GET /v1/public/galleries/search?q=...}: the project's public galleries whose title has every word of
 * {@code q} as the beginning of one of its words, newest first, paged by {@code limit} and {@code cursor} as the
 * newest galleries are.
 */
public final class SearchGalleries extends GalleryHandler {
    private final GallerySearch search;

    public SearchGalleries() {
        this(GalleryWiring.authenticator(), GalleryWiring.search());
    }

    SearchGalleries(Authenticator authenticator, GallerySearch search) {
        super(authenticator);
        this.search = search;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, GalleryCalls.search(search, request, caller), format(request));
    }

    @Override
    protected String internalErrorCode() {
        return "db_error_album_list";
    }
}
