package dev.loupe.auth;

import java.time.Instant;
import java.util.Optional;


/**
 * One session of a project's client: anonymous until a login names its user, then that user's, with the role the
 * user had at login (kept current by {@link SessionStore#updateRole}).
 *
 * @param sessionId the session's id (128 random bits): a new one at every login and logout
 * @param userId    the logged-in user's {@code user_id}; empty for an anonymous session
 * @param userName  the logged-in user's username
 * @param role      the logged-in user's role; empty for an anonymous session
 * @param csrfToken what a form posted with the session's cookie must carry ({@code X-CSRF-Token} or
 *                  {@code csrf_token})
 * @param expires   when the session ends by itself (the item's TTL)
 */
public record Session(String projectId, String sessionId, Optional<String> userId, Optional<String> userName,
                      Optional<Role> role, String csrfToken, Instant created, Instant expires) {

    public boolean loggedIn() {
        return userId.isPresent();
    }

    public boolean activeAt(Instant now) {
        return now.isBefore(expires);
    }
}
