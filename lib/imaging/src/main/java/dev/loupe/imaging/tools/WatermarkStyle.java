package dev.loupe.imaging.tools;

import java.util.Locale;
import java.util.Optional;

/** The task API's {@code font_style}: null (regular), Bold or Italic. */
public enum WatermarkStyle {
    REGULAR, BOLD, ITALIC;

    /**
     * The style a value names, ignoring case: "Bold", "Italic"; "null", "Regular", "Normal" or nothing for regular
     * (clients that send every field send the task API's null as a word or an empty string).
     */
    public static Optional<WatermarkStyle> fromWire(String value) {
        return switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
            case "", "null", "regular", "normal" -> Optional.of(REGULAR);
            case "bold" -> Optional.of(BOLD);
            case "italic" -> Optional.of(ITALIC);
            default -> Optional.empty();
        };
    }
}
