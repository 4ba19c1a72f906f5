package dev.loupe.auth;

import java.util.function.Function;

import dev.loupe.core.http.HttpRequest;

/**
 * What {@link dev.loupe.core.http.AuthenticatedApiHandler} verifies every request with: the request's
 * {@code Authorization} header through a {@link TokenVerifier}. Every function verifies its caller itself: API
 * Gateway's JWT authorizer cannot check per-project HS256 secrets, and a Lambda authorizer would cost a second cold
 * start per request.
 */
public final class Authenticator implements Function<HttpRequest, Caller> {
    private final TokenVerifier verifier;

    public Authenticator(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    /** The verified caller of a request; a 401 in the request's family when the token is missing or bad. */
    @Override
    public Caller apply(HttpRequest request) {
        return verifier.verify(request.header("authorization").orElse(null));
    }
}
