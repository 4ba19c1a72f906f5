package dev.loupe.functions.library;


import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authentication;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.FolderViews;

/**
 * {@code DELETE /v1/folders/{id}}: deletes an empty folder (204; 409 {@code folder_not_empty} otherwise). With
 * {@code delete_images=true} the folder disappears at once and its images are deleted in the background (202 with
 * the job); the folder itself goes when they are gone.
 */
public final class DeleteFolder extends ApiHandler {
    public DeleteFolder() {
        super(LoupeApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var caller = Authentication.caller(request);
        String folderId = request.pathParameter("id").orElseThrow();
        boolean withImages = request.params().bool("delete_images").orElse(false);
        if (!withImages) {
            Folders.service().delete(caller, folderId);
            return family().noContent();
        }
        var job = FolderPurges.purge().deleteFolder(caller, folderId);
        return family().ok(202, FolderViews.JobView.of(job, "delete_folder"), request.preferredFormat());
    }
}
