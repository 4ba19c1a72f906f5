package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.AtomApi;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.library.FolderService;

/**
 * {@code GET /ws/customers/{username}/library/folders/{folderId}/images?next=&limit=}: Constant Contact's image feed, a
 * page at a time (50 unless {@code limit} says 1 to 200), newest first; {@code <atom:link rel="next">} names the next
 * page ({@link ListFolderImages}' twin; {@code next} is its cursor).
 */
public final class AtomListFolderImages extends ApiHandler {
    public AtomListFolderImages() {
        super(AtomApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var call = AtomRequests.call(request);
        var params = request.params();
        var limit = params.integer("limit", 1, FolderService.MAX_PAGE);
        var page = Folders.service().images(call.caller(), AtomRequests.folderId(request), limit,
                params.text("next"));
        return AtomApi.INSTANCE.atom(200, call.atom().imageFeed(page.folder(), page.images(), Library.links(),
                page.nextCursor(), limit));
    }
}
