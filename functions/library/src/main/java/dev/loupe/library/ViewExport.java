package dev.loupe.library;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.shared.auth.Authentication;
import dev.loupe.shared.http.ApiHandler;
import dev.loupe.shared.http.HttpRequest;
import dev.loupe.shared.http.LoupeApi;
import dev.loupe.shared.library.FolderViews;

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
