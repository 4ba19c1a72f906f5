package dev.loupe.functions.library;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.AtomApi;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.library.AtomLibrary;
import dev.loupe.library.FolderService;

/**
 * {@code POST /ws/customers/{username}/library/folders} with Constant Contact's entry
 * ({@code <atom:entry><atom:content><Folder><Name>}): 201, {@code Location} and the folder's entry. A taken name
 * answers 409 {@code folder_name_taken}, as {@link CreateFolder} does.
 */
public final class AtomCreateFolder extends AuthenticatedApiHandler<Caller> {

    private final FolderService folders;

    public AtomCreateFolder() {
        this(LibraryWiring.authenticator(), LibraryWiring.folders());
    }

    AtomCreateFolder(Function<HttpRequest, Caller> authenticator, FolderService folders) {
        super(AtomApi.INSTANCE, authenticator);
        this.folders = folders;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var call = AtomRequests.call(request, caller);
        if (!AtomApi.ENTRY_TYPES.contains(request.mediaType())) {
            throw ApiError.unsupportedMediaType("A folder is created with an Atom entry: send Content-Type "
                    + "application/atom+xml, not '" + request.mediaType() + "'");
        }
        var folder = folders.create(call.caller(), AtomLibrary.folderNameFrom(request.body()));
        return AtomApi.INSTANCE.created(call.atom().folderPath(folder.folderId()), call.atom().folderEntry(folder));
    }
}
