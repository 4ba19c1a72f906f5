package dev.loupe.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For a webhook receiver: checks the {@code X-Loupe-Signature} header of a delivery Loupe POSTed. The header is
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}, keyed with the project's secret key. A delivery is
 * genuine when the MAC matches the raw body exactly as received (verify before parsing it) and its time is within the
 * tolerance of now, which refuses a replay of an old delivery. The MACs are compared in constant time.
 */
public final class WebhookVerifier {
    public static final String HEADER = "X-Loupe-Signature";
    /** Five minutes either way: deliveries are retried with fresh signatures, so a genuine one is never older. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    private static final Pattern FORMAT = Pattern.compile("t=(\\d{1,12}),v1=([0-9a-f]{64})");

    private final byte[] secretKey;
    private final Duration tolerance;
    private final Clock clock;

    public WebhookVerifier(String secretKey) {
        this(secretKey, DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    public WebhookVerifier(String secretKey, Duration tolerance, Clock clock) {
        if (secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("secretKey is required");
        }
        this.secretKey = secretKey.getBytes(StandardCharsets.UTF_8);
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** True when {@code header} (null: absent) signs {@code body} with the secret key, at a time within tolerance. */
    public boolean verify(String header, byte[] body) {
        Matcher m = FORMAT.matcher(header == null ? "" : header.strip());
        if (!m.matches()) {
            return false;
        }
        long t = Long.parseLong(m.group(1));
        Instant now = clock.instant();
        if (Duration.between(Instant.ofEpochSecond(t), now).abs().compareTo(tolerance) > 0) {
            return false;
        }
        byte[] expected = TokenSigner.hmac(secretKey, (t + ".").getBytes(StandardCharsets.US_ASCII), body);
        return MessageDigest.isEqual(expected, HexFormat.of().parseHex(m.group(2)));
    }

    /** As {@link #verify}, but a forged or stale delivery throws (status 401, code {@code invalid_signature}). */
    public void check(String header, byte[] body) {
        if (!verify(header, body)) {
            throw new LoupeException(401, "invalid_signature", "The " + HEADER + " header does not sign this body "
                    + "with the project's secret key within " + tolerance.toSeconds() + " s of now");
        }
    }
}
