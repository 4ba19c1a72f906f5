package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authentication;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.FolderViews;

/**
 * {@code POST /v1/folders/{id}/export}: starts building a ZIP of the folder's originals. Answers 202 with the
 * pending export; {@code GET /v1/exports/{id}} (its Location) says when it is ready to download.
 */
public final class StartFolderExport extends ApiHandler {
    public StartFolderExport() {
        super(LoupeApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var caller = Authentication.caller(request);
        var export = Exports.exports().start(caller, request.pathParameter("id").orElseThrow());
        var response = family().ok(202, FolderViews.ExportView.of(export), request.preferredFormat());
        response.getHeaders().put("Location", "/v1/exports/" + export.exportId());
        return response;
    }
}
