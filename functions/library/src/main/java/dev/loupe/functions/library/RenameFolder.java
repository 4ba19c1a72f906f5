package dev.loupe.functions.library;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.FolderService;
import dev.loupe.library.FolderViews;

/** {@code PATCH /v1/folders/{id}} with {@code name}: renames a folder; answers it as it now is. */
public final class RenameFolder extends AuthenticatedApiHandler<Caller> {
    private final FolderService folders;

    public RenameFolder() {
        this(LibraryWiring.authenticator(), LibraryWiring.folders());
    }

    RenameFolder(Function<HttpRequest, Caller> authenticator, FolderService folders) {
        super(LoupeApi.INSTANCE, authenticator);
        this.folders = folders;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        String name = request.params().first("name")
                .orElseThrow(() -> ApiError.badParameter("name", "Nothing to change: send name"));
        var folder = folders.rename(caller, request.pathParameter("id").orElseThrow(), name);
        return family().ok(200, FolderViews.FolderView.of(folder), request.preferredFormat());
    }
}
