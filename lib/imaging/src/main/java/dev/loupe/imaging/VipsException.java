package dev.loupe.imaging;

import java.util.LinkedHashSet;
import java.util.Set;

/** A libvips call failed; the message carries what libvips wrote to its error buffer. */
public final class VipsException extends RuntimeException {
    private final String details;

    VipsException(String what, String details) {
        super(details.isEmpty() ? what : what + ": " + details);
        this.details = details;
    }

    /** Takes (and clears) libvips' error buffer, so the next failure doesn't repeat this one's text. */
    static VipsException fromErrorBuffer(String what) {
        return new VipsException(what, readable(Vips.takeErrors()));
    }

    /**
     * What libvips and its decoders said, for a person: each distinct line once (libjpeg repeats a warning for every
     * strip that meets it), without the "VipsJpeg: " or "vipspng: " prefix that names the C module; empty when
     * libvips said nothing.
     */
    public String details() {
        return details;
    }

    static String readable(String errorBuffer) {
        Set<String> lines = new LinkedHashSet<>();
        for (String line : errorBuffer.split("\n")) {
            String text = line.strip();
            int colon = text.indexOf(": ");
            if (colon > 0 && text.substring(0, colon).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')) {
                text = text.substring(colon + 2).strip(); // "VipsJpeg: premature end of JPEG image"
            }
            if (!text.isEmpty()) {
                lines.add(text);
            }
        }
        return String.join("; ", lines);
    }
}
