package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authentication;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.FolderViews;

/**
 * {@code POST /v1/folders} with {@code name}: a new folder (201). Names are unique within the project regardless of
 * case: a taken one answers 409 {@code folder_name_taken}.
 */
public final class CreateFolder extends ApiHandler {
    public CreateFolder() {
        super(LoupeApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var caller = Authentication.caller(request);
        String name = request.params().first("name")
                .orElseThrow(() -> ApiError.badParameter("name", "name is required"));
        var folder = Folders.service().create(caller, name);
        var response = family().ok(201, FolderViews.FolderView.of(folder), request.preferredFormat());
        response.getHeaders().put("Location", "/v1/folders/" + folder.folderId());
        return response;
    }
}
