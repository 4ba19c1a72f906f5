package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.AtomApi;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code DELETE /ws/customers/{username}/library/folders/{folderId}/images}: Constant Contact's "delete all images in a
 * folder" ({@link DeleteFolderImages}' twin). The images go in the background, so the answer is 202 with no body:
 * the folder's feed empties as the job runs. Repeating it is harmless.
 */
public final class AtomDeleteFolderImages extends ApiHandler {
    public AtomDeleteFolderImages() {
        super(AtomApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var call = AtomRequests.call(request);
        FolderPurges.purge().deleteImages(call.caller(), AtomRequests.folderId(request));
        return AtomApi.INSTANCE.accepted();
    }
}
