package dev.loupe.functions.auth;

import java.util.function.Predicate;

import dev.loupe.auth.Authentication;
import dev.loupe.auth.ProjectDirectory;
import dev.loupe.auth.limits.ProjectGate;

/**
 * How the auth area's handler gets its services: the container's projects store and the task API's gate (the
 * rate-limits table), each built on first use and kept. Tests build the handler with its package-private constructor.
 */
final class AuthWiring {
    private AuthWiring() {
    }

    static ProjectDirectory projects() {
        return Authentication.projects();
    }

    /** Whether any project lists an origin: the CORS preflight's question (the projects table's origin index). */
    static Predicate<String> listedOrigins() {
        return origin -> Authentication.projects().anyProjectListsOrigin(origin);
    }

    /** The gate: built by the first call that passes it (a request without a public key never does). */
    static ProjectGate gate() {
        return ProjectGate.fromEnv();
    }
}
