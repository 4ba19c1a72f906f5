package dev.loupe.core.http;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * The frame of a route that asks for a token: the caller is verified once, here, before the handler runs, and a
 * missing or bad token is answered in the handler's family (401) without the handler seeing the request. The
 * verifier is injected (the auth module's {@code Authenticator} in production, its type {@code C} the verified
 * caller), so core knows nothing of tokens and a test can pass its own.
 *
 * @param <C> what the verifier makes of a request: the verified caller
 */
public abstract class AuthenticatedApiHandler<C> extends ApiHandler {
    private final Function<HttpRequest, ? extends C> authenticator;

    /** @param authenticator the verified caller of a request; throws an {@link ApiError} (401) when it has none */
    protected AuthenticatedApiHandler(ApiFamily family, Function<HttpRequest, ? extends C> authenticator) {
        super(family);
        this.authenticator = authenticator;
    }

    @Override
    final APIGatewayV2HTTPResponse respond(HttpRequest request, CrossOrigin crossOrigin) {
        C caller = authenticator.apply(request);
        crossOrigin.verifiedCaller(caller);
        return handle(request, caller);
    }

    /** Parses the request, calls one service on the caller's behalf and renders its answer with {@link #family()}. */
    protected abstract APIGatewayV2HTTPResponse handle(HttpRequest request, C caller);
}
