package dev.loupe.people;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes: PBKDF2-HMAC-SHA256 from the JDK, a 16-byte random salt per hash, {@value #ITERATIONS} iterations,
 * stored as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (base64), so the count can rise later and old hashes
 * still verify. Why not a memory-hard function (Argon2id, scrypt): the JDK has none, and a native or pure-Java one is
 * a dependency in every login's jar for a gain that matters against GPU farms; PBKDF2 at this count is what NIST
 * SP 800-132 and OWASP accept (OWASP's 2023 figure for SHA-256 is 600,000; see the cost below). Cost: about 0.25 s of
 * one core per hash on a 1024 MB arm64 Lambda (which has about 0.6 of a vCPU), so a login costs about 0.4 s of
 * compute; the throttle ({@link Logins}) keeps a guesser at a few tries a minute per account, which matters more
 * than the count.
 */
public final class Passwords {
    static final int ITERATIONS = 210_000;
    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SCHEME = "pbkdf2-sha256";
    /** Hashed for unknown users, so that a login's time does not say whether its username exists. */
    private static final String DUMMY = hash("not anyone's password, only for timing");

    private Passwords() {
    }

    public static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, ITERATIONS));
    }

    public static boolean matches(String password, String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, salt, Integer.parseInt(parts[1])));
    }

    /** The same work as a real check, for a login whose user does not exist; always false. */
    public static boolean matchesNobody(String password) {
        matches(password, DUMMY);
        return false;
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
