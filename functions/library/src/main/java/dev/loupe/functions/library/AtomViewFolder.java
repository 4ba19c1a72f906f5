package dev.loupe.functions.library;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AtomApi;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.library.FolderService;

/**
 * {@code GET /ws/customers/{username}/library/folders/{folderId}}: the folder's entry. Constant Contact leaves "details
 * of a folder" out; Loupe has them ({@link ViewFolder}), so its Atom paths do too.
 */
public final class AtomViewFolder extends AuthenticatedApiHandler<Caller> {
    private final FolderService folders;

    public AtomViewFolder() {
        this(LibraryWiring.authenticator(), LibraryWiring.folders());
    }

    AtomViewFolder(Function<HttpRequest, Caller> authenticator, FolderService folders) {
        super(AtomApi.INSTANCE, authenticator);
        this.folders = folders;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var call = AtomRequests.call(request, caller);
        var folder = folders.get(call.caller(), AtomRequests.folderId(request));
        return AtomApi.INSTANCE.atom(200, call.atom().folderEntry(folder));
    }
}
