package dev.loupe.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The tokens a project's backend signs for itself, as Loupe verifies them: a JWT signed with HS256 and the project's
 * secret key, the public key in {@code jti}, {@code iat} and {@code exp} (Loupe refuses an {@code exp} more than 3
 * hours ahead), and for a call on behalf of one of the project's users {@code sub}, {@code name} and {@code role}.
 * A token lives {@link #LIFETIME}; {@link #token()} signs a new one when the current one has less than
 * {@link #RENEW_BEFORE} left, so a long-running client never sends an expired token. Thread-safe.
 */
public final class TokenSigner {
    /** Well inside Loupe's 3 hours. */
    public static final Duration LIFETIME = Duration.ofHours(1);
    /** Also covers a server whose clock runs ahead of ours by a few minutes. */
    public static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = BASE64URL.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final String publicKey;
    private final byte[] secretKey;
    private final String userId;
    private final String userName;
    private final String role;
    private final Clock clock;
    private String token;
    private Instant expires = Instant.MIN;

    /** A signer for the project's backend itself (no user). */
    public TokenSigner(String publicKey, String secretKey, Clock clock) {
        this(publicKey, secretKey, null, null, null, clock);
    }

    /**
     * @param userId   the project's user the calls speak for ({@code sub}), or null
     * @param userName that user's display name ({@code name}), or null
     * @param role     that user's role ({@code role}: viewer, editor, admin ...), or null
     */
    public TokenSigner(String publicKey, String secretKey, String userId, String userName, String role, Clock clock) {
        this.publicKey = requireText(publicKey, "publicKey");
        this.secretKey = requireText(secretKey, "secretKey").getBytes(StandardCharsets.UTF_8);
        this.userId = userId;
        this.userName = userName;
        this.role = role;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The same keys and clock, speaking for a user of the project. */
    public TokenSigner forUser(String userId, String userName, String role) {
        return new TokenSigner(publicKey, new String(secretKey, StandardCharsets.UTF_8), requireText(userId, "userId"),
                userName, role, clock);
    }

    public String publicKey() {
        return publicKey;
    }

    /** A token with at least {@link #RENEW_BEFORE} to live: the current one, or a new one. */
    public synchronized String token() {
        Instant now = clock.instant();
        if (token == null || !now.plus(RENEW_BEFORE).isBefore(expires)) {
            Instant issued = Instant.ofEpochSecond(now.getEpochSecond());
            expires = issued.plus(LIFETIME);
            token = sign(issued, expires);
        }
        return token;
    }

    /** When the current token expires ({@link Instant#MIN} before the first). */
    public synchronized Instant expires() {
        return expires;
    }

    private String sign(Instant issued, Instant expiry) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", publicKey);
        claims.put("iat", issued.getEpochSecond());
        claims.put("exp", expiry.getEpochSecond());
        if (userId != null) {
            claims.put("sub", userId);
        }
        if (userName != null) {
            claims.put("name", userName);
        }
        if (role != null) {
            claims.put("role", role);
        }
        try {
            String signingInput = HEADER + "." + BASE64URL.encodeToString(JSON.writeValueAsBytes(claims));
            return signingInput + "." + BASE64URL.encodeToString(hmac(secretKey,
                    signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("claims of strings and numbers always serialize", e);
        }
    }

    static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is in every JDK and takes any non-empty key", e);
        }
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
