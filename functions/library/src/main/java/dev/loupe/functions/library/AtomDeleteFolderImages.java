package dev.loupe.functions.library;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AtomApi;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.library.FolderPurge;

/**
 * {@code DELETE /ws/customers/{username}/library/folders/{folderId}/images}: Constant Contact's "delete all images in a
 * folder" ({@link DeleteFolderImages}' twin). The images go in the background, so the answer is 202 with no body:
 * the folder's feed empties as the job runs. Repeating it is harmless.
 */
public final class AtomDeleteFolderImages extends AuthenticatedApiHandler<Caller> {
    private final FolderPurge purges;

    public AtomDeleteFolderImages() {
        this(LibraryWiring.authenticator(), LibraryWiring.purges());
    }

    AtomDeleteFolderImages(Function<HttpRequest, Caller> authenticator, FolderPurge purges) {
        super(AtomApi.INSTANCE, authenticator);
        this.purges = purges;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var call = AtomRequests.call(request, caller);
        purges.deleteImages(call.caller(), AtomRequests.folderId(request));
        return AtomApi.INSTANCE.accepted();
    }
}
