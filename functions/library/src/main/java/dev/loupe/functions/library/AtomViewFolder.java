package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.AtomApi;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code GET /ws/customers/{username}/library/folders/{folderId}}: the folder's entry. Constant Contact leaves "details
 * of a folder" out; Loupe has them ({@link ViewFolder}), so its Atom paths do too.
 */
public final class AtomViewFolder extends ApiHandler {
    public AtomViewFolder() {
        super(AtomApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var call = AtomRequests.call(request);
        var folder = Folders.service().get(call.caller(), AtomRequests.folderId(request));
        return AtomApi.INSTANCE.atom(200, call.atom().folderEntry(folder));
    }
}
