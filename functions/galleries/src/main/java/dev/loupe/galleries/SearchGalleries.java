package dev.loupe.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.shared.config.Env;
import dev.loupe.shared.gallery.GallerySearch;
import dev.loupe.shared.gallery.GalleryStore;
import dev.loupe.shared.http.ApiHandler;
import dev.loupe.shared.http.GalleryApi;
import dev.loupe.shared.http.HttpRequest;
import dev.loupe.shared.storage.AwsClients;

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
                new GalleryStore(AwsClients.dynamoDb(), Env.GALLERIES_TABLE.required()));
    }
}
