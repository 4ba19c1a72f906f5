package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authentication;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.FolderViews;

/** {@code GET /v1/folders}: the project's folders by name, with their image counts (Constant Contact's folder list). */
public final class ListFolders extends ApiHandler {
    public ListFolders() {
        super(LoupeApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var caller = Authentication.caller(request);
        return family().ok(200, FolderViews.FolderList.of(Folders.service().list(caller)), request.preferredFormat());
    }
}
