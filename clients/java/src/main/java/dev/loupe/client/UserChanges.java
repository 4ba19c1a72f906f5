package dev.loupe.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A new user's fields, or what to change of one; null fields are not sent. {@code role}: the user's role in the project
 * (the backend and admins only).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserChanges(String username, String displayName, String email, String password, String role,
        String avatar, String bio) {

    /** A new user with a username and a password. */
    public static UserChanges of(String username, String password) {
        return new UserChanges(username, null, null, password, null, null, null);
    }
}
