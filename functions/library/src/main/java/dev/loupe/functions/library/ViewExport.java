package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authentication;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.FolderViews;

/**
 * {@code GET /v1/exports/{id}}: an export's status; once ready, a {@code download_url} (presigned, valid one hour,
 * named after the folder) and when the ZIP itself expires.
 */
public final class ViewExport extends ApiHandler {
    public ViewExport() {
        super(LoupeApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var caller = Authentication.caller(request);
        var view = Exports.exports().view(caller, request.pathParameter("id").orElseThrow());
        return family().ok(200, FolderViews.ExportView.of(view), request.preferredFormat());
    }
}
