package dev.loupe.shared.library;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Ids for folders, jobs and exports: 26 random Crockford base32 characters (130 bits from a secure source), never
 * sequential, so an id reveals nothing and cannot be guessed.
 */
public final class RandomIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final int LENGTH = 26;
    /** What an id in a path may look like; anything else cannot name a stored item, so it is simply not found. */
    private static final Pattern PLAUSIBLE = Pattern.compile("[0-9A-Za-z_-]{1,64}");

    private RandomIds() {
    }

    public static String next() {
        char[] id = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            id[i] = CROCKFORD[RANDOM.nextInt(CROCKFORD.length)];
        }
        return new String(id);
    }

    public static boolean plausible(String id) {
        return id != null && PLAUSIBLE.matcher(id).matches();
    }
}
