package dev.loupe.core.http;

/**
 * Work that {@link ApiHandler#beforeCheckpoint} runs after priming the request path, so that the snapshot also holds
 * the classes a module loads on every request (the auth module's project lookup, for one). Modules register theirs in
 * {@code META-INF/services/dev.loupe.core.http.PrimingStep}, so core depends on none of them.
 */
public interface PrimingStep {
    /** Runs without side effects; a failure is ignored (priming must never stop a snapshot). */
    void prime();
}
