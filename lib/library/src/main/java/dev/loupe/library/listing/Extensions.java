package dev.loupe.library.listing;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The listed images' canonical extensions, and the names clients may use for them (JPEG, jpe, TIF). */
public final class Extensions {
    /** Alphabetical: the order of {@code sort=+extension}. */
    public static final List<String> ALL = List.of("bmp", "gif", "jpg", "png", "tiff", "webp");

    private Extensions() {
    }

    /** The canonical extension a filter value means, without regard to case or a leading dot; empty if none. */
    public static Optional<String> parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.startsWith(".")) {
            v = v.substring(1);
        }
        v = switch (v) {
            case "jpeg", "jpe" -> "jpg";
            case "tif" -> "tiff";
            default -> v;
        };
        return ALL.contains(v) ? Optional.of(v) : Optional.empty();
    }
}
