package dev.loupe.functions.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.config.Env;
import dev.loupe.gallery.GallerySearch;
import dev.loupe.gallery.GalleryStore;
import dev.loupe.gallery.GalleryWordIndex;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.GalleryApi;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.dynamo.DynamoDbClients;

/**
 * {@code GET /v1/public/galleries/search?q=...}: the project's public galleries whose title has every word of
 * {@code q} as the beginning of one of its words, newest first, paged by {@code limit} and {@code cursor} as the
 * newest galleries are.
 */
public final class SearchGalleries extends ApiHandler {
    private final GallerySearch search;

    public SearchGalleries() {
        this(Holder.SEARCH);
    }

    SearchGalleries(GallerySearch search) {
        super(GalleryApi.INSTANCE);
        this.search = search;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        return family().ok(200, GalleryCalls.search(search, request), request.preferredFormat());
    }

    @Override
    protected String internalErrorCode() {
        return "db_error_album_list";
    }

    private static final class Holder {
        static final GallerySearch SEARCH = new GallerySearch(
                new GalleryStore(DynamoDbClients.client(), Env.GALLERIES_TABLE.required()),
                new GalleryWordIndex(DynamoDbClients.client(), Env.GALLERIES_TABLE.required()));
    }
}
