package dev.loupe.gallery;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may see a gallery (the "looop security" of the slideshow API). Every read path asks this: the API's view and
 * lists, the public page, the player and the image URLs they hand out.
 */
public enum Security {
    /** Anyone with the link, and listed: in the newest galleries, search and the owner's public list. */
    PUBLIC,
    /** Anyone with the link, but never listed anywhere. */
    UNLISTED,
    /** The owner only; to everyone else it does not exist. */
    PRIVATE,
    /** Anyone who knows the password, through a signed view token that expires; never listed. */
    PASSWORD;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Security> of(String value) {
        return Arrays.stream(values()).filter(s -> s.value().equalsIgnoreCase(value.strip())).findFirst();
    }
}
