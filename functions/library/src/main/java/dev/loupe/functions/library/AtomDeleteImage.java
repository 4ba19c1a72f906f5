package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.AtomApi;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code DELETE /ws/customers/{username}/library/folders/{folderId}/images/{imageId}}: deletes the image if it is in
 * that folder, then answers 204 ({@link DeleteImage}'s twin). The folder check reads the record in any state, so a
 * repeated delete of an image of this folder answers 204 again and finishes what a failure may have left.
 */
public final class AtomDeleteImage extends ApiHandler {
    public AtomDeleteImage() {
        super(AtomApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var call = AtomRequests.call(request);
        String folderId = AtomRequests.folderId(request);
        String imageId = AtomRequests.imageId(request);
        Folders.service().get(call.caller(), folderId);
        AtomRequests.inFolder(Library.store().find(call.caller().projectId(), imageId), folderId, imageId);
        Library.images().delete(call.caller(), imageId);
        return AtomApi.INSTANCE.noContent();
    }
}
