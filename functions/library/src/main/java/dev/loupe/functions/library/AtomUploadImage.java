package dev.loupe.functions.library;

import java.util.List;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AtomApi;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.library.FolderService;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.UploadRequests;
import dev.loupe.library.UploadService;

/**
 * {@code POST /ws/customers/{username}/library/folders/{folderId}/images}: Constant Contact's upload, multipart with
 * the Atom entry first ({@code FileName}, {@code MD5Hash}, {@code Description}) and the bytes second. Constant Contact
 * always sends the MD5, so it is required here. Answers 201 with {@code Location} and the new image's entry
 * ({@link UploadImage}'s twin).
 */
public final class AtomUploadImage extends AuthenticatedApiHandler<Caller> {
    private final FolderService folders;
    private final UploadService uploads;
    private final ImageLinks links;

    public AtomUploadImage() {
        this(LibraryWiring.authenticator(), LibraryWiring.folders(), LibraryWiring.uploads(), LibraryWiring.links());
    }

    AtomUploadImage(Function<HttpRequest, Caller> authenticator, FolderService folders, UploadService uploads,
            ImageLinks links) {
        super(AtomApi.INSTANCE, authenticator);
        this.folders = folders;
        this.uploads = uploads;
        this.links = links;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var call = AtomRequests.call(request, caller);
        String folderId = AtomRequests.folderId(request);
        // Read first: an unknown folder is a 404 before the body is parsed, and the entry names the folder.
        var folder = folders.get(call.caller(), folderId);
        var upload = UploadRequests.fromAtomMultipart(request, folderId, AtomApi.ENTRY_TYPES);
        var image = uploads.upload(call.caller(), upload);
        return AtomApi.INSTANCE.created(call.atom().imagePath(folderId, image.imageId()),
                call.atom().imageEntry(folder, image, List.of(), links));
    }
}
