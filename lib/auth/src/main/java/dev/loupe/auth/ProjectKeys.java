package dev.loupe.auth;

import java.security.SecureRandom;
import java.util.HexFormat;

/** New project ids and keys. Keys carry a prefix so that a leaked one is easy to recognise (and to scan for). */
public final class ProjectKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    /** Crockford's base32: no I, L, O or U, so ids survive being read aloud or typed. */
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int TIME_CHARS = 10;
    private static final int RANDOM_CHARS = 16;

    private ProjectKeys() {
    }

    /** {@code project_public_} and 128 random bits in lowercase hex. */
    public static String newPublicKey() {
        return "project_public_" + randomHex(16);
    }

    /** {@code secret_key_} and 256 random bits in lowercase hex: enough for HS256, which needs 256. */
    public static String newSecretKey() {
        return "secret_key_" + randomHex(32);
    }

    /** A ULID-shaped id (26 Crockford base32 characters): milliseconds first, so ids sort by creation. */
    public static String newProjectId() {
        return newProjectId(System.currentTimeMillis());
    }

    static String newProjectId(long epochMillis) {
        char[] id = new char[TIME_CHARS + RANDOM_CHARS];
        long time = epochMillis;
        for (int i = TIME_CHARS - 1; i >= 0; i--) {
            id[i] = CROCKFORD[(int) (time & 31)];
            time >>>= 5;
        }
        for (int i = TIME_CHARS; i < id.length; i++) {
            id[i] = CROCKFORD[RANDOM.nextInt(CROCKFORD.length)];
        }
        return new String(id);
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HEX.formatHex(random);
    }
}
