package dev.loupe.auth;

import java.time.Instant;
import java.util.Optional;

import dev.loupe.core.http.CrossOrigin;


/**
 * Who is calling, as a verified token says.
 *
 * @param project           the project whose secret signed the token
 * @param browser           true for a token that {@code POST /v1/auth} issued from the public key alone, and for an
 *                          anonymous session's: such callers never saw the secret, and later features restrict them
 *                          (allowed origins, no task list, no library changes)
 * @param userId            the end user's id in that project ({@code sub}), when the project's backend signed one or
 *                          the caller's session is logged in
 * @param userName          the end user's display name ({@code name}), or a logged-in session's username
 * @param role              the end user's role: the backend token's {@code role} claim, or a logged-in session's user's
 *                          stored role (the one way roles reach the code: every access check reads this)
 * @param fileEncryptionKey the task API's {@code file_encryption_key} claim, when present
 * @param session           the session the token (or cookie) names, checked against the sessions table
 * @param viaCookie         true when the credential came from the session cookie rather than the Authorization
 *                          header (the CSRF check then applies to changes)
 * @param expires           when the credential stops working: the token's {@code exp} (or {@code iat} plus the
 *                          verifier's maximum age), a session token's session's end
 */
public record Caller(Project project, boolean browser, Optional<String> userId, Optional<String> userName,
                     Optional<Role> role, Optional<String> fileEncryptionKey, Optional<Session> session,
                     boolean viaCookie, Optional<Instant> expires)
        implements CrossOrigin.CredentialedOrigins {

    /** A browser on one of the project's {@code allowed_origins} may send the session cookie (CORS credentials). */
    @Override
    public boolean sharesCredentialsWith(String origin) {
        return Origins.lists(project.allowedOrigins(), origin);
    }

    /** A caller without a session, from a token in the Authorization header. */
    public Caller(Project project, boolean browser, Optional<String> userId, Optional<String> userName,
                  Optional<Role> role, Optional<String> fileEncryptionKey) {
        this(project, browser, userId, userName, role, fileEncryptionKey, Optional.empty(), false, Optional.empty());
    }

    public String projectId() {
        return project.projectId();
    }

    public boolean isRegisteredUser() {
        return userId.isPresent();
    }

    /** True for a token signed by the project's backend (the secret key), not from a session or the public key. */
    public boolean backend() {
        return !browser && session.isEmpty();
    }

    /** What kind of credential this is, as {@code GET /v1/whoami} names it. */
    public String tokenKind() {
        if (session.isPresent()) {
            return "session";
        }
        return browser ? "browser" : "backend";
    }

    Caller fromCookie() {
        return new Caller(project, browser, userId, userName, role, fileEncryptionKey, session, true, expires);
    }
}
