package dev.loupe.auth;

import java.util.Optional;

/** Finds a project by the public key that a token names in its {@code jti}. */
@FunctionalInterface
public interface ProjectDirectory {
    Optional<Project> findByPublicKey(String publicKey);
}
