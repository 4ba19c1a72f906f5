package dev.loupe.people;

import java.time.Instant;
import java.util.Optional;

import dev.loupe.auth.Role;

/**
 * A registered user of a project.
 *
 * @param userId        random, never changes: what a backend token's {@code sub} names
 * @param username      as registered (3 to 32 of {@code [A-Za-z0-9_.-]}), unique in the project regardless of case
 * @param email         unique in the project regardless of case
 * @param passwordHash  {@link Passwords}' encoding; empty for a user who never logs in through Loupe
 * @param avatar        a library image id
 */
public record User(String projectId, String userId, String username, String displayName, String email,
                   boolean emailVerified, Role role, Optional<String> avatar, Optional<String> bio,
                   Optional<String> passwordHash, Instant joined, Instant updated) {

    public boolean hasPassword() {
        return passwordHash.isPresent();
    }
}
