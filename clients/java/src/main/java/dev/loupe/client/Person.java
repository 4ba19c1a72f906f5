package dev.loupe.client;

/** Who created or changed something: a user's id and name (either may be null). */
public record Person(String id, String name) {
}
