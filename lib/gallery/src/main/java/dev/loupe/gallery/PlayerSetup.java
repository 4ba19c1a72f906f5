package dev.loupe.gallery;

import java.util.Locale;
import java.util.Objects;

/**
 * How a gallery's player runs its slideshow (the "looop player setup" of the slideshow API): stored with the gallery,
 * applied by the player page.
 *
 * @param intervalSeconds how long each image stays, {@value #MIN_INTERVAL} to {@value #MAX_INTERVAL} seconds
 * @param loop            start again after the last image, or stop there
 * @param shuffle         show the images in a random order (a new one on every visit)
 * @param captions        show each image's caption over it
 */
public record PlayerSetup(int intervalSeconds, Transition transition, boolean loop, boolean shuffle,
                          boolean captions, Theme theme) {
    public static final int MIN_INTERVAL = 2;
    public static final int MAX_INTERVAL = 60;
    public static final PlayerSetup DEFAULTS = new PlayerSetup(5, Transition.FADE, true, false, true, Theme.DARK);

    public PlayerSetup {
        if (intervalSeconds < MIN_INTERVAL || intervalSeconds > MAX_INTERVAL) {
            throw new IllegalArgumentException("interval must be " + MIN_INTERVAL + ".." + MAX_INTERVAL + " seconds");
        }
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(theme, "theme");
    }

    public enum Transition {
        FADE, SLIDE, NONE;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The transition a value names, case-insensitively; IllegalArgumentException for any other value. */
        public static Transition of(String value) {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        }
    }

    public enum Theme {
        DARK, LIGHT;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Theme of(String value) {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        }
    }
}
