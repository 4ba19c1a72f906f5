package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authentication;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.FolderViews;

/** {@code GET /v1/folders/{id}}: a folder's details, which Constant Contact does not offer and Loupe does. */
public final class ViewFolder extends ApiHandler {
    public ViewFolder() {
        super(LoupeApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var caller = Authentication.caller(request);
        var folder = Folders.service().get(caller, request.pathParameter("id").orElseThrow());
        return family().ok(200, FolderViews.FolderView.of(folder), request.preferredFormat());
    }
}
