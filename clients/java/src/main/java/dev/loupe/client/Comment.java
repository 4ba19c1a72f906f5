package dev.loupe.client;

import java.time.Instant;

/**
 * A comment on a gallery ({@code gallery}: its name) or a library image ({@code image}: its id); {@code replyTo} its
 * parent's id for a reply; {@code hidden} true only on a hidden comment, to its author and moderators.
 */
public record Comment(String id, String gallery, String image, String replyTo, String text, Author author,
        Instant created, Instant edited, Boolean hidden) {

    /** @param userId absent for a guest */
    public record Author(String userId, String name, boolean anonymous) {
    }
}
