package dev.loupe.gallery;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.loupe.auth.limits.FailureCounts;
import dev.loupe.core.http.ApiError;

/**
 * How fast a gallery's password may be guessed (docs/DESIGN.md, "Gallery passwords"): wrong passwords are counted per
 * gallery and client address, and {@value #PER_ADDRESS} in a {@link #ADDRESS_WINDOW} window refuse that address's
 * next tries with 429 and {@code Retry-After} until the window ends; across all addresses a gallery takes at most
 * {@value #PER_GALLERY} wrong passwords an hour. One address can't reach that ceiling (it gets 20 tries an hour), so
 * locking the gallery's visitors out takes many addresses; a visitor who already holds a view token is never asked.
 * The check comes before the password's PBKDF2 hash, so a refused try costs one read.
 */
public final class PasswordThrottle {
    public static final int PER_ADDRESS = 5;
    public static final Duration ADDRESS_WINDOW = Duration.ofMinutes(15);
    public static final int PER_GALLERY = 200;
    public static final Duration GALLERY_WINDOW = Duration.ofHours(1);

    /** No throttle: unit tests of other rules. */
    public static final PasswordThrottle NONE = new PasswordThrottle(null, Clock.systemUTC());

    private final FailureCounts counts;
    private final Clock clock;

    public PasswordThrottle(FailureCounts counts, Clock clock) {
        this.counts = counts;
        this.clock = clock;
    }

    /** Refuses a try (429) while the address or the gallery has used its wrong passwords for the window. */
    void check(Gallery gallery, Optional<String> address) {
        if (counts == null) {
            return;
        }
        FailureCounts.Window mine = counts.current(addressScope(gallery, address), ADDRESS_WINDOW);
        if (mine.failures() >= PER_ADDRESS) {
            throw tooMany("Too many wrong passwords for this gallery from your address: " + PER_ADDRESS + " in "
                    + ADDRESS_WINDOW.toMinutes() + " minutes.", mine);
        }
        FailureCounts.Window all = counts.current(galleryScope(gallery), GALLERY_WINDOW);
        if (all.failures() >= PER_GALLERY) {
            throw tooMany("Too many wrong passwords for this gallery: " + PER_GALLERY + " in an hour.", all);
        }
    }

    /** Counts a wrong password against the address and the gallery. */
    void failed(Gallery gallery, Optional<String> address) {
        if (counts == null) {
            return;
        }
        counts.add(addressScope(gallery, address), ADDRESS_WINDOW);
        counts.add(galleryScope(gallery), GALLERY_WINDOW);
    }

    private ApiError tooMany(String what, FailureCounts.Window window) {
        long seconds = window.secondsLeft(clock.instant());
        return new ApiError(429, "too_many_attempts", what + " Try again in " + minutes(seconds) + ".", "password")
                .withHeaders(Map.of("Retry-After", Long.toString(seconds)));
    }

    private static String minutes(long seconds) {
        long minutes = (seconds + 59) / 60;
        return minutes == 1 ? "a minute" : minutes + " minutes";
    }

    private static String galleryScope(Gallery gallery) {
        return "G#" + gallery.projectId() + "#" + gallery.name();
    }

    private static String addressScope(Gallery gallery, Optional<String> address) {
        return galleryScope(gallery) + "#A#" + address.orElse("unknown");
    }
}
