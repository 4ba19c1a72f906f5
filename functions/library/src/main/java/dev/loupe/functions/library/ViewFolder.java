package dev.loupe.functions.library;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.FolderService;
import dev.loupe.library.FolderViews;

/** {@code GET /v1/folders/{id}}: a folder's details, which Constant Contact does not offer and Loupe does. */
public final class ViewFolder extends AuthenticatedApiHandler<Caller> {
    private final FolderService folders;

    public ViewFolder() {
        this(LibraryWiring.authenticator(), LibraryWiring.folders());
    }

    ViewFolder(Function<HttpRequest, Caller> authenticator, FolderService folders) {
        super(LoupeApi.INSTANCE, authenticator);
        this.folders = folders;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var folder = folders.get(caller, request.pathParameter("id").orElseThrow());
        return family().ok(200, FolderViews.FolderView.of(folder), request.preferredFormat());
    }
}
