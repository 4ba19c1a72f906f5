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

/**
 * {@code POST /v1/folders} with {@code name}: a new folder (201). Names are unique within the project regardless of
 * case: a taken one answers 409 {@code folder_name_taken}.
 */
public final class CreateFolder extends AuthenticatedApiHandler<Caller> {
    private final FolderService folders;

    public CreateFolder() {
        this(LibraryWiring.authenticator(), LibraryWiring.folders());
    }

    CreateFolder(Function<HttpRequest, Caller> authenticator, FolderService folders) {
        super(LoupeApi.INSTANCE, authenticator);
        this.folders = folders;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        String name = request.params().first("name")
                .orElseThrow(() -> ApiError.badParameter("name", "name is required"));
        var folder = folders.create(caller, name);
        var response = family().ok(201, FolderViews.FolderView.of(folder), request.preferredFormat());
        response.getHeaders().put("Location", "/v1/folders/" + folder.folderId());
        return response;
    }
}
