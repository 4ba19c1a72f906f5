package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authentication;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.FolderViews;

/**
 * {@code DELETE /v1/folders/{id}/images}: deletes every image the folder holds now, in the background
 * (Constant Contact's "delete all images in a folder"). Answers 202 with the job and the count at the time;
 * repeating it is harmless.
 */
public final class DeleteFolderImages extends ApiHandler {
    public DeleteFolderImages() {
        super(LoupeApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var caller = Authentication.caller(request);
        var job = FolderPurges.purge().deleteImages(caller, request.pathParameter("id").orElseThrow());
        return family().ok(202, FolderViews.JobView.of(job, "delete_images"), request.preferredFormat());
    }
}
