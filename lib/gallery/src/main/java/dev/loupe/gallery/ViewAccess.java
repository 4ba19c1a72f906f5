package dev.loupe.gallery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Passwords of password-protected galleries, and the view tokens a visitor gets for knowing one.
 * <ul>
 * <li>A password is kept only as a salted PBKDF2 hash: passwords are guessable, so the hash must be slow.</li>
 * <li>A view token is an HS256 JWT signed with the gallery's own random view key, naming the project and gallery
 * and expiring after {@link #TOKEN_LIFETIME}. A new password draws a new key, so the old password's tokens die with
 * it; and since the key is the gallery's, no token opens another gallery or another project's.</li>
 * </ul>
 */
public final class ViewAccess {
    public static final Duration TOKEN_LIFETIME = Duration.ofHours(12);
    public static final int MIN_PASSWORD = 4;
    public static final int MAX_PASSWORD = 128;
    private static final String AUDIENCE = "loupe-gallery-view";
    private static final int ITERATIONS = 120_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ViewAccess() {
    }

    /** {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}, all base64url. */
    static String hashPassword(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2-sha256$" + ITERATIONS + "$" + b64(salt) + "$" + b64(pbkdf2(password, salt, ITERATIONS));
    }

    static boolean passwordMatches(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
            return false;
        }
        byte[] expected = Base64.getUrlDecoder().decode(parts[3]);
        byte[] actual = pbkdf2(password, Base64.getUrlDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    /** A fresh 256-bit signing key for a gallery's view tokens. */
    static String newViewKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return b64(key);
    }

    /** A token that opens {@code gallery} until {@code expires}. */
    static String issue(Gallery gallery, String viewKey, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().audience(AUDIENCE).subject(subject(gallery))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(TOKEN_LIFETIME))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(Base64.getUrlDecoder().decode(viewKey)));
        } catch (JOSEException e) {
            throw new IllegalStateException("a 256-bit key always signs", e);
        }
        return jwt.serialize();
    }

    /** True when {@code token} was issued for this gallery with its current key and has not expired. */
    static boolean valid(String token, Gallery gallery, String viewKey, Instant now) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
                    || !jwt.verify(new MACVerifier(Base64.getUrlDecoder().decode(viewKey)))) {
                return false;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            return expires != null && now.isBefore(expires.toInstant())
                    && List.of(AUDIENCE).equals(claims.getAudience())
                    && subject(gallery).equals(claims.getSubject());
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            return false;
        }
    }

    static Optional<String> validatedPassword(Optional<String> password) {
        return password.map(p -> {
            if (p.length() < MIN_PASSWORD || p.length() > MAX_PASSWORD) {
                throw new dev.loupe.core.http.ApiError(400, "bad_parameter_password", "password must be "
                        + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters", "password");
            }
            return p;
        });
    }

    private static String subject(Gallery gallery) {
        return gallery.projectId() + "/" + gallery.name();
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
