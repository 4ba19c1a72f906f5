package dev.loupe.client;

import java.util.List;

/** A page of profiles; {@code nextCursor} is null on the last page. */
public record UserPage(List<User> users, String nextCursor) {
}
