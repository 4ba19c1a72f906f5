package dev.loupe.functions.library;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AtomApi;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.library.FolderService;

/** {@code GET /ws/customers/{username}/library/folders}: Constant Contact's folder feed ({@link ListFolders}' twin). */
public final class AtomListFolders extends AuthenticatedApiHandler<Caller> {
    private final FolderService folders;

    public AtomListFolders() {
        this(LibraryWiring.authenticator(), LibraryWiring.folders());
    }

    AtomListFolders(Function<HttpRequest, Caller> authenticator, FolderService folders) {
        super(AtomApi.INSTANCE, authenticator);
        this.folders = folders;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var call = AtomRequests.call(request, caller);
        return AtomApi.INSTANCE.atom(200, call.atom().folderFeed(folders.list(call.caller())));
    }
}
