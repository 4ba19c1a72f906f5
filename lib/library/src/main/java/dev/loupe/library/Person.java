package dev.loupe.library;

/** Who created or last changed an image: the token's {@code sub} and {@code name}, or the project itself. */
public record Person(String id, String name) {
    /** A call signed with the project's own secret and no user: the project acts itself. */
    public static final Person PROJECT = new Person("project", "project");
}
