package dev.loupe.client;

import java.time.Instant;

/** A session of the people API; {@code token} is its bearer token, in the answer that started it. */
public record Session(String sessionId, String userId, String username, String role, boolean loggedIn,
        String csrfToken, Instant created, Instant expires, String token) {
}
