package dev.loupe.functions.library;

import java.util.Optional;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AtomApi;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.library.FolderService;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageService;

/**
 * {@code GET /ws/customers/{username}/library/folders/{folderId}/images/{imageId}}: Constant Contact's "details of an
 * image", with its usages ({@link ViewImage}'s twin). An image of another folder is 404: the address is wrong.
 */
public final class AtomViewImage extends AuthenticatedApiHandler<Caller> {
    private final FolderService folders;
    private final ImageService images;
    private final ImageLinks links;

    public AtomViewImage() {
        this(LibraryWiring.authenticator(), LibraryWiring.folders(), LibraryWiring.images(), LibraryWiring.links());
    }

    AtomViewImage(Function<HttpRequest, Caller> authenticator, FolderService folders, ImageService images,
            ImageLinks links) {
        super(AtomApi.INSTANCE, authenticator);
        this.folders = folders;
        this.images = images;
        this.links = links;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var call = AtomRequests.call(request, caller);
        String folderId = AtomRequests.folderId(request);
        String imageId = AtomRequests.imageId(request);
        var folder = folders.get(call.caller(), folderId);
        var details = images.details(call.caller(), imageId);
        var image = AtomRequests.inFolder(Optional.of(details.image()), folderId, imageId);
        return AtomApi.INSTANCE.atom(200, call.atom().imageEntry(folder, image, details.usages(), links));
    }
}
