package dev.loupe.gallery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.loupe.core.http.ApiError;

/**
 * Anonymous owners' tokens (the gallery API): a random string that links a gallery to whoever created it. Loupe keeps
 * only its SHA-256, so a leaked table does not hand out edit rights.
 */
final class OwnerTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    private OwnerTokens() {
    }

    static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A token the caller chose (the gallery API lets one token serve many galleries); a 400 when it is unusable. */
    static Optional<String> validated(Optional<String> token) {
        token.ifPresent(t -> {
            if (!ACCEPTED.matcher(t).matches()) {
                throw new ApiError(400, "bad_parameter_token",
                        "token must be 16 to 128 letters, digits, '-' or '_'", "token");
            }
        });
        return token;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static boolean matches(String token, String expectedHash) {
        return MessageDigest.isEqual(hash(token).getBytes(StandardCharsets.US_ASCII),
                expectedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
