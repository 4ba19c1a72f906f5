package dev.loupe.client;

import java.time.Instant;

/**
 * A user of the project: the whole account (to the user itself, managers and the backend), or the public profile
 * (to anyone else: the account's fields null).
 */
public record User(String userId, String username, String displayName, String email, Boolean emailVerified,
        String role, String avatar, String bio, Boolean hasPassword, Integer publicGalleries, Instant joined,
        Instant updated) {
}
