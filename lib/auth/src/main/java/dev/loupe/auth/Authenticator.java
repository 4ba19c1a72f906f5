package dev.loupe.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;

/**
 * What {@link dev.loupe.core.http.AuthenticatedApiHandler} verifies every request with: the request's
 * {@code Authorization} header through a {@link TokenVerifier}, or, when it has none, the session cookie. Every
 * function verifies its caller itself: API Gateway's JWT authorizer cannot check per-project HS256 secrets, and a
 * Lambda authorizer would cost a second cold start per request.
 *
 * <p>A cookie is sent by the browser on its own, so a change made with it must prove that the page making it is the
 * app's own: its request carries the session's CSRF token ({@code X-CSRF-Token} header, or {@code csrf_token} in the
 * form or JSON body), which only the app's pages learned from the session's answers. The header alone is never
 * needed: a request with {@code Authorization} proves itself.
 */
public final class Authenticator implements Function<HttpRequest, Caller> {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final TokenVerifier verifier;
    private final Consumer<Project> afterVerify;

    public Authenticator(TokenVerifier verifier) {
        this(verifier, project -> {
        });
    }

    private Authenticator(TokenVerifier verifier, Consumer<Project> afterVerify) {
        this.verifier = verifier;
        this.afterVerify = afterVerify;
    }

    /**
     * This authenticator, handing each verified caller's project to {@code afterVerify} too (ProjectGate.counting:
     * the call counts against the project's rate). Only verified callers reach it: an anonymous flood spends nothing.
     */
    public Authenticator alsoOnEachCaller(Consumer<Project> afterVerify) {
        return new Authenticator(verifier, this.afterVerify.andThen(afterVerify));
    }

    /** The verified caller of a request; a 401 in the request's family when the token is missing or bad. */
    @Override
    public Caller apply(HttpRequest request) {
        Optional<String> header = request.header("authorization");
        Optional<String> cookie = request.cookie(SessionCookie.NAME).filter(c -> !c.isBlank());
        if (header.isPresent() || cookie.isEmpty()) {
            Caller caller = verifier.verify(header.orElse(null));
            afterVerify.accept(caller.project());
            return caller;
        }
        Caller caller;
        try {
            caller = verifier.verifyToken(cookie.get()).fromCookie();
        } catch (ApiError refused) {
            // The browser keeps sending a dead cookie until told to drop it.
            throw refused.withHeaders(Map.of("Set-Cookie", SessionCookie.clear()));
        }
        if (!SAFE_METHODS.contains(request.method().toUpperCase(java.util.Locale.ROOT))) {
            checkCsrf(request, caller);
        }
        afterVerify.accept(caller.project());
        return caller;
    }

    /** The caller acting as its project's session's registered user (see {@link TokenVerifier#asSessionUser}). */
    public Caller asSessionUser(Caller caller, String sessionIdOrToken) {
        return verifier.asSessionUser(caller, sessionIdOrToken);
    }

    /**
     * The registered user signed in with the session cookie, for the public pages: they ask for no token, so a
     * missing, dead or anonymous session (or a cookie of another project) is simply no one, never a refusal. Only
     * safe requests: a page that changes something must not be moved by a cookie alone.
     */
    public Optional<String> signedInUser(HttpRequest request, String projectId) {
        return visitorSession(request, projectId).filter(Session::loggedIn).flatMap(Session::userId);
    }

    /**
     * The live session (logged in or anonymous) of {@code projectId} that the request's cookie names, for the public
     * pages' forms: a logged-in visitor's rate and sign-out forms carry its CSRF token, an anonymous one's sign-in
     * form too. Anything else is no one, as in {@link #signedInUser}. Only safe requests.
     */
    public Optional<Session> visitorSession(HttpRequest request, String projectId) {
        Optional<String> cookie = request.cookie(SessionCookie.NAME).filter(c -> !c.isBlank());
        if (cookie.isEmpty() || !SAFE_METHODS.contains(request.method().toUpperCase(java.util.Locale.ROOT))) {
            return Optional.empty();
        }
        try {
            Caller caller = verifier.verifyToken(cookie.get());
            return caller.session().filter(s -> caller.projectId().equals(projectId));
        } catch (ApiError notSignedIn) {
            return Optional.empty();
        }
    }

    /** This container forgets a session it ended (see {@link TokenVerifier#forgetSession}). */
    public void forgetSession(String projectId, String sessionId) {
        verifier.forgetSession(projectId, sessionId);
    }

    private static void checkCsrf(HttpRequest request, Caller caller) {
        String expected = caller.session().orElseThrow().csrfToken();
        String sent = request.header("x-csrf-token").orElseGet(() -> {
            try {
                return request.params().text("csrf_token").orElse("");
            } catch (ApiError unreadable) {
                return "";
            }
        });
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(403, "csrf_token_mismatch", "A change made with the session cookie must carry the "
                    + "session's csrf_token (header X-CSRF-Token or field csrf_token), as GET /v1/sessions/current "
                    + "answers it");
        }
    }
}
