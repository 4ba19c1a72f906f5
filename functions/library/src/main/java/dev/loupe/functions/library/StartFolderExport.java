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
 * {@code POST /v1/folders/{id}/export}: starts building a ZIP of the folder's originals. Answers 202 with the
 * pending export; {@code GET /v1/exports/{id}} (its Location) says when it is ready to download.
 */
public final class StartFolderExport extends AuthenticatedApiHandler<Caller> {
    private final FolderExports exports;

    public StartFolderExport() {
        this(LibraryWiring.authenticator(), LibraryWiring.exports());
    }

    StartFolderExport(Function<HttpRequest, Caller> authenticator, FolderExports exports) {
        super(LoupeApi.INSTANCE, authenticator);
        this.exports = exports;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var export = exports.start(caller, request.pathParameter("id").orElseThrow());
        var response = family().ok(202, FolderViews.ExportView.of(export), request.preferredFormat());
        response.getHeaders().put("Location", "/v1/exports/" + export.exportId());
        return response;
    }
}
