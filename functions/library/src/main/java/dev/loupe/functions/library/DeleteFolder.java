package dev.loupe.functions.library;

import java.util.function.Function;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.FolderPurge;
import dev.loupe.library.FolderService;
import dev.loupe.library.FolderViews;

/**
 * {@code DELETE /v1/folders/{id}}: deletes an empty folder (204; 409 {@code folder_not_empty} otherwise). With
 * {@code delete_images=true} the folder disappears at once and its images are deleted in the background (202 with
 * the job); the folder itself goes when they are gone.
 */
public final class DeleteFolder extends AuthenticatedApiHandler<Caller> {
    private final FolderService folders;
    private final Supplier<FolderPurge> purges;

    public DeleteFolder() {
        this(LibraryWiring.authenticator(), LibraryWiring.folders(), LibraryWiring::purges);
    }

    DeleteFolder(Function<HttpRequest, Caller> authenticator, FolderService folders, Supplier<FolderPurge> purges) {
        super(LoupeApi.INSTANCE, authenticator);
        this.folders = folders;
        this.purges = purges;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        String folderId = request.pathParameter("id").orElseThrow();
        boolean withImages = request.params().bool("delete_images").orElse(false);
        if (!withImages) {
            folders.delete(caller, folderId);
            return family().noContent();
        }
        var job = purges.get().deleteFolder(caller, folderId);
        return family().ok(202, FolderViews.JobView.of(job, "delete_folder"), request.preferredFormat());
    }
}
