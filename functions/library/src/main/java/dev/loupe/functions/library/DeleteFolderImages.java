package dev.loupe.functions.library;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.FolderPurge;
import dev.loupe.library.FolderViews;

/**
 * {@code DELETE /v1/folders/{id}/images}: deletes every image the folder holds now, in the background
 * (Constant Contact's "delete all images in a folder"). Answers 202 with the job and the count at the time;
 * repeating it is harmless.
 */
public final class DeleteFolderImages extends AuthenticatedApiHandler<Caller> {
    private final FolderPurge purges;

    public DeleteFolderImages() {
        this(LibraryWiring.authenticator(), LibraryWiring.purges());
    }

    DeleteFolderImages(Function<HttpRequest, Caller> authenticator, FolderPurge purges) {
        super(LoupeApi.INSTANCE, authenticator);
        this.purges = purges;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var job = purges.deleteImages(caller, request.pathParameter("id").orElseThrow());
        return family().ok(202, FolderViews.JobView.of(job, "delete_images"), request.preferredFormat());
    }
}
