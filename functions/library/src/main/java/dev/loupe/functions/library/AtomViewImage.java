package dev.loupe.functions.library;

import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.AtomApi;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code GET /ws/customers/{username}/library/folders/{folderId}/images/{imageId}}: Constant Contact's "details of an
 * image", with its usages ({@link ViewImage}'s twin). An image of another folder is 404: the address is wrong.
 */
public final class AtomViewImage extends ApiHandler {
    public AtomViewImage() {
        super(AtomApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var call = AtomRequests.call(request);
        String folderId = AtomRequests.folderId(request);
        String imageId = AtomRequests.imageId(request);
        var folder = Folders.service().get(call.caller(), folderId);
        var details = Library.images().details(call.caller(), imageId);
        var image = AtomRequests.inFolder(Optional.of(details.image()), folderId, imageId);
        return AtomApi.INSTANCE.atom(200, call.atom().imageEntry(folder, image, details.usages(), Library.links()));
    }
}
