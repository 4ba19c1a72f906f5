package dev.loupe.core;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * New ids for anything clients can name: 128 random bits from a secure source, as 26 lower-case base32 characters.
 * Never sequential, so an id reveals neither how many things exist nor where another one is.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    /** What an id in a path may look like; anything else cannot name a stored item, so it is simply not found. */
    private static final Pattern PLAUSIBLE = Pattern.compile("[0-9A-Za-z_-]{1,64}");

    private Ids() {
    }

    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        StringBuilder id = new StringBuilder(26);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                id.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            id.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return id.toString();
    }

    /** Whether a client's id could name something (a cheap 404 before any read, and no odd characters in keys). */
    public static boolean plausible(String id) {
        return id != null && PLAUSIBLE.matcher(id).matches();
    }
}
