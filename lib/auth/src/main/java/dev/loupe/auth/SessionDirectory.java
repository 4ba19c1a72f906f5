package dev.loupe.auth;

import java.util.Optional;

/** Finds a project's session by id: what the token verifier asks on every request that carries a session token. */
@FunctionalInterface
public interface SessionDirectory {
    /** Never finds anything: for verifiers of hosts without sessions (handler tests of other areas). */
    SessionDirectory NONE = (projectId, sessionId) -> Optional.empty();

    Optional<Session> find(String projectId, String sessionId);
}
