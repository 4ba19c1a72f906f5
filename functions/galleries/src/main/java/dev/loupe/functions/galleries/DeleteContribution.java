package dev.loupe.functions.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code DELETE /v1/galleries/{name}/contributions/{image}}: a contributor removes an image it added (only its
 * own); the gallery's owner removes any. 204.
 */
public final class DeleteContribution extends GalleryHandler {
    private final GalleryCalls calls;

    public DeleteContribution() {
        this(GalleryWiring.authenticator(), GalleryWiring.callsAdmittingMembers());
    }

    DeleteContribution(Authenticator authenticator, GalleryCalls calls) {
        super(authenticator);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        calls.removeContribution(caller, GalleryCalls.name(request), request.pathParameter("image").orElseThrow());
        return family().noContent();
    }

    @Override
    protected String internalErrorCode() {
        return "io_save_error";
    }
}
