package dev.loupe.library;

import java.util.Objects;

/**
 * What a page shows in an image's place while its rendition loads: a few dozen characters that decode to a blurred
 * image of its colours. {@code type} names the encoding; Loupe computes {@code blurhash} ({@link BlurHash}).
 */
public record Placeholder(String type, String value) {
    public static final String BLURHASH = "blurhash";

    public Placeholder {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    public static Placeholder blurHash(String hash) {
        return new Placeholder(BLURHASH, hash);
    }
}
