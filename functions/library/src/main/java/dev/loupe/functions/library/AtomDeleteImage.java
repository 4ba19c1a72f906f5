package dev.loupe.functions.library;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AtomApi;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.library.FolderService;
import dev.loupe.library.ImageService;
import dev.loupe.library.ImageStore;

/**
 * {@code DELETE /ws/customers/{username}/library/folders/{folderId}/images/{imageId}}: deletes the image if it is in
 * that folder, then answers 204 ({@link DeleteImage}'s twin). The folder check reads the record in any state, so a
 * repeated delete of an image of this folder answers 204 again and finishes what a failure may have left.
 */
public final class AtomDeleteImage extends AuthenticatedApiHandler<Caller> {
    private final FolderService folders;
    private final ImageStore imageStore;
    private final ImageService images;

    public AtomDeleteImage() {
        this(LibraryWiring.authenticator(), LibraryWiring.folders(), LibraryWiring.imageStore(),
                LibraryWiring.images());
    }

    AtomDeleteImage(Function<HttpRequest, Caller> authenticator, FolderService folders, ImageStore imageStore,
            ImageService images) {
        super(AtomApi.INSTANCE, authenticator);
        this.folders = folders;
        this.imageStore = imageStore;
        this.images = images;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var call = AtomRequests.call(request, caller);
        String folderId = AtomRequests.folderId(request);
        String imageId = AtomRequests.imageId(request);
        folders.get(call.caller(), folderId);
        AtomRequests.inFolder(imageStore.find(call.caller().projectId(), imageId), folderId, imageId);
        images.delete(call.caller(), imageId);
        return AtomApi.INSTANCE.noContent();
    }
}
