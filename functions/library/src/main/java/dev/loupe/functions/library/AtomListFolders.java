package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.AtomApi;
import dev.loupe.core.http.HttpRequest;

/** {@code GET /ws/customers/{username}/library/folders}: Constant Contact's folder feed ({@link ListFolders}' twin). */
public final class AtomListFolders extends ApiHandler {
    public AtomListFolders() {
        super(AtomApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var call = AtomRequests.call(request);
        return AtomApi.INSTANCE.atom(200, call.atom().folderFeed(Folders.service().list(call.caller())));
    }
}
