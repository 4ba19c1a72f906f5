package dev.loupe.auth;

import java.time.Clock;
import java.time.Duration;

import dev.loupe.core.Lazy;
import dev.loupe.core.config.Env;
import dev.loupe.core.dynamo.DynamoDbClients;

/**
 * The container's projects store and authenticator, built on first use from {@code PROJECTS_TABLE} and kept warm
 * (the verifier caches project secrets briefly). The functions' wiring classes hand them to their handlers; the
 * SnapStart priming step looks a project up with the same store.
 */
public final class Authentication {
    private static final Lazy<ProjectStore> PROJECTS = new Lazy<>();
    private static final Lazy<Authenticator> AUTHENTICATOR = new Lazy<>();
    private static final Lazy<SessionStore> SESSIONS = new Lazy<>();

    private Authentication() {
    }

    public static ProjectStore projects() {
        return PROJECTS.get(() -> new ProjectStore(DynamoDbClients.client(), DynamoDbClients.enhanced(),
                Env.PROJECTS_TABLE.required()));
    }

    public static Authenticator authenticator() {
        return AUTHENTICATOR.get(() -> new Authenticator(new TokenVerifier(projects(), Authentication::findSession,
                Clock.systemUTC(), projectCacheTtl())));
    }

    /** {@code PROJECT_CACHE_SECONDS}, or the verifier's default where it is not set (handler tests). */
    static Duration projectCacheTtl() {
        return Env.PROJECT_CACHE_SECONDS.optional().map(s -> Duration.ofSeconds(Long.parseLong(s.strip())))
                .orElse(TokenVerifier.CACHE_TTL);
    }

    /** The sessions table: built on the first request that carries a session token (most never do). */
    public static SessionStore sessions() {
        return SESSIONS.get(() -> new SessionStore(DynamoDbClients.client(), Env.SESSIONS_TABLE.required(),
                Clock.systemUTC()));
    }

    private static java.util.Optional<Session> findSession(String projectId, String sessionId) {
        return sessions().find(projectId, sessionId);
    }
}
