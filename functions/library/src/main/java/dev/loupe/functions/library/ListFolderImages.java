package dev.loupe.functions.library;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.FolderService;
import dev.loupe.library.FolderViews;
import dev.loupe.library.ImageLinks;

/**
 * {@code GET /v1/folders/{id}/images?limit=&cursor=}: a folder's images, newest first, a page at a time (limit 1 to
 * 200, default 50); {@code next_cursor} asks for the next page.
 */
public final class ListFolderImages extends AuthenticatedApiHandler<Caller> {
    private final FolderService folders;
    private final ImageLinks links;

    public ListFolderImages() {
        this(LibraryWiring.authenticator(), LibraryWiring.folders(), LibraryWiring.links());
    }

    ListFolderImages(Function<HttpRequest, Caller> authenticator, FolderService folders, ImageLinks links) {
        super(LoupeApi.INSTANCE, authenticator);
        this.folders = folders;
        this.links = links;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var params = request.params();
        var page = folders.images(caller, request.pathParameter("id").orElseThrow(),
                params.integer("limit", 1, FolderService.MAX_PAGE), params.text("cursor"));
        return family().ok(200, FolderViews.FolderImages.of(page, links), request.preferredFormat());
    }
}
