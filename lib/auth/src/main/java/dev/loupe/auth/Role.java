package dev.loupe.auth;

import java.util.Locale;
import java.util.Optional;

/** A registered user's role in its project, as the project's backend states it in the token's {@code role} claim. */
public enum Role {
    ADMIN, EDITOR, VIEWER;

    public static Optional<Role> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
