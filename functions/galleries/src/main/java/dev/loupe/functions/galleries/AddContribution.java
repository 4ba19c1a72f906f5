package dev.loupe.functions.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code POST /v1/galleries/{name}/contributions}: an invited contributor (or the owner) uploads its own images
 * ({@code file} parts of a multipart body) into the gallery.
 */
public final class AddContribution extends GalleryHandler {
    private final GalleryCalls calls;

    public AddContribution() {
        this(GalleryWiring.authenticator(), GalleryWiring.callsAdmittingMembers());
    }

    AddContribution(Authenticator authenticator, GalleryCalls calls) {
        super(authenticator);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, calls.contribute(request, caller, GalleryCalls.name(request)), format(request));
    }

    @Override
    protected String internalErrorCode() {
        return "io_save_error";
    }
}
