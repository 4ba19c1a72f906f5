package dev.loupe.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * The session cookie: the session's token, for browser apps that let the browser keep it instead of sending
 * {@code Authorization}. {@code HttpOnly} (no script reads it), {@code Secure} (HTTPS only), {@code SameSite=Lax}
 * (other sites' pages can't send it with their requests, except a top-level GET navigation), {@code Path=/} so the
 * public pages see it too.
 */
public final class SessionCookie {
    public static final String NAME = "loupe_session";

    private SessionCookie() {
    }

    /** The {@code Set-Cookie} value that gives the browser this token until {@code expires}. */
    public static String set(String token, Instant expires, Instant now) {
        long maxAge = Math.max(0, Duration.between(now, expires).toSeconds());
        return NAME + "=" + token + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; Secure; SameSite=Lax";
    }

    /** The {@code Set-Cookie} value that makes the browser drop the cookie (its session has ended). */
    public static String clear() {
        return NAME + "=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax";
    }
}
