package dev.loupe.functions.library;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AtomApi;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.library.FolderService;
import dev.loupe.library.ImageLinks;

/**
 * {@code GET /ws/customers/{username}/library/folders/{folderId}/images?next=&limit=}: Constant Contact's image feed, a
 * page at a time (50 unless {@code limit} says 1 to 200), newest first; {@code <atom:link rel="next">} names the next
 * page ({@link ListFolderImages}' twin; {@code next} is its cursor).
 */
public final class AtomListFolderImages extends AuthenticatedApiHandler<Caller> {
    private final FolderService folders;
    private final ImageLinks links;

    public AtomListFolderImages() {
        this(LibraryWiring.authenticator(), LibraryWiring.folders(), LibraryWiring.links());
    }

    AtomListFolderImages(Function<HttpRequest, Caller> authenticator, FolderService folders, ImageLinks links) {
        super(AtomApi.INSTANCE, authenticator);
        this.folders = folders;
        this.links = links;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var call = AtomRequests.call(request, caller);
        var params = request.params();
        var limit = params.integer("limit", 1, FolderService.MAX_PAGE);
        var page = folders.images(call.caller(), AtomRequests.folderId(request), limit,
                params.text("next"));
        return AtomApi.INSTANCE.atom(200, call.atom().imageFeed(page.folder(), page.images(), links,
                page.nextCursor(), limit));
    }
}
