package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authentication;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.FolderService;
import dev.loupe.library.FolderViews;

/**
 * {@code GET /v1/folders/{id}/images?limit=&cursor=}: a folder's images, newest first, a page at a time (limit 1 to
 * 200, default 50); {@code next_cursor} asks for the next page.
 */
public final class ListFolderImages extends ApiHandler {
    public ListFolderImages() {
        super(LoupeApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var caller = Authentication.caller(request);
        var params = request.params();
        var page = Folders.service().images(caller, request.pathParameter("id").orElseThrow(),
                params.integer("limit", 1, FolderService.MAX_PAGE), params.text("cursor"));
        return family().ok(200, FolderViews.FolderImages.of(page, Library.links()), request.preferredFormat());
    }
}
