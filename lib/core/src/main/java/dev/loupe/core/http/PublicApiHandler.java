package dev.loupe.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * The frame of a route that asks for no token, on purpose: the gallery pages and their unlock form (the gallery's own
 * security decides), and {@code POST /v1/auth} (the public key is the credential). Every other route extends
 * {@link AuthenticatedApiHandler}; choosing this class is the visible decision that a route is public.
 */
public abstract class PublicApiHandler extends ApiHandler {
    protected PublicApiHandler(ApiFamily family) {
        super(family);
    }

    @Override
    final APIGatewayV2HTTPResponse respond(HttpRequest request, CrossOrigin crossOrigin) {
        return handle(request);
    }

    /** Parses the request, calls one service and renders its answer with {@link #family()}. */
    protected abstract APIGatewayV2HTTPResponse handle(HttpRequest request);
}
