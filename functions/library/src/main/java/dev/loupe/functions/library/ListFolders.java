package dev.loupe.functions.library;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.FolderService;
import dev.loupe.library.FolderViews;

/**
 * {@code GET /v1/folders}: the project's folders by name, with their image counts (Constant Contact's folder list),
 * {@code limit} at a time (default 50, at most 200) from {@code cursor}, the {@code next_cursor} of the page before.
 */
public final class ListFolders extends AuthenticatedApiHandler<Caller> {
    private final FolderService folders;

    public ListFolders() {
        this(LibraryWiring.authenticator(), LibraryWiring.folders());
    }

    ListFolders(Function<HttpRequest, Caller> authenticator, FolderService folders) {
        super(LoupeApi.INSTANCE, authenticator);
        this.folders = folders;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var params = request.params();
        var page = folders.list(caller, params.integer("limit", 1, FolderService.MAX_PAGE), params.text("cursor"));
        return family().ok(200, FolderViews.FolderList.of(page), request.preferredFormat());
    }
}
