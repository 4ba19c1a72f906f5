package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authentication;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.FolderViews;

/** {@code PATCH /v1/folders/{id}} with {@code name}: renames a folder; answers it as it now is. */
public final class RenameFolder extends ApiHandler {
    public RenameFolder() {
        super(LoupeApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var caller = Authentication.caller(request);
        String name = request.params().first("name")
                .orElseThrow(() -> ApiError.badParameter("name", "Nothing to change: send name"));
        var folder = Folders.service().rename(caller, request.pathParameter("id").orElseThrow(), name);
        return family().ok(200, FolderViews.FolderView.of(folder), request.preferredFormat());
    }
}
