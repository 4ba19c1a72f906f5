package dev.loupe.imaging;

/** A libvips call failed; the message carries what libvips wrote to its error buffer. */
public final class VipsException extends RuntimeException {
    VipsException(String message) {
        super(message);
    }

    /** Takes (and clears) libvips' error buffer, so the next failure doesn't repeat this one's text. */
    static VipsException fromErrorBuffer(String what) {
        String errors = Vips.takeErrors();
        return new VipsException(errors.isEmpty() ? what : what + ": " + errors);
    }
}
