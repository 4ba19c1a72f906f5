package dev.loupe.functions.library;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.FolderExports;
import dev.loupe.library.FolderViews;

/**
 * {@code GET /v1/exports/{id}}: an export's status; once ready, a {@code download_url} (presigned, valid one hour,
 * named after the folder) and when the ZIP itself expires.
 */
public final class ViewExport extends AuthenticatedApiHandler<Caller> {
    private final FolderExports exports;

    public ViewExport() {
        this(LibraryWiring.authenticator(), LibraryWiring.exports());
    }

    ViewExport(Function<HttpRequest, Caller> authenticator, FolderExports exports) {
        super(LoupeApi.INSTANCE, authenticator);
        this.exports = exports;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var view = exports.view(caller, request.pathParameter("id").orElseThrow());
        return family().ok(200, FolderViews.ExportView.of(view), request.preferredFormat());
    }
}
