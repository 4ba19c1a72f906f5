package dev.loupe.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Loupe-Signature} header of a webhook POST: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>">}, keyed with the project's secret key. The time is inside what is signed, so a receiver that also
 * checks it is recent refuses a replayed delivery; {@link #verify} is what a receiver does, written once here so
 * that the documentation and the tests describe the same check.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Loupe-Signature";
    private static final Pattern FORMAT = Pattern.compile("t=(\\d{1,12}),v1=([0-9a-f]{64})");

    private WebhookSignature() {
    }

    /** The header's value for {@code body} sent at {@code time}. */
    public static String header(String secretKey, Instant time, byte[] body) {
        long t = time.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(secretKey, t, body));
    }

    /**
     * True when {@code header} signs {@code body} with {@code secretKey} and its time is within {@code tolerance} of
     * {@code now}. The comparison takes the same time whatever the bytes, so it leaks nothing about the right MAC.
     */
    public static boolean verify(String header, String secretKey, byte[] body, Instant now, Duration tolerance) {
        Matcher m = FORMAT.matcher(header == null ? "" : header.strip());
        if (!m.matches()) {
            return false;
        }
        long t = Long.parseLong(m.group(1));
        if (Duration.between(Instant.ofEpochSecond(t), now).abs().compareTo(tolerance) > 0) {
            return false;
        }
        return MessageDigest.isEqual(mac(secretKey, t, body), HexFormat.of().parseHex(m.group(2)));
    }

    /** The signed time of a well-formed header. */
    public static Optional<Instant> time(String header) {
        Matcher m = FORMAT.matcher(header == null ? "" : header.strip());
        return m.matches() ? Optional.of(Instant.ofEpochSecond(Long.parseLong(m.group(1)))) : Optional.empty();
    }

    private static byte[] mac(String secretKey, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 takes any non-empty key", e);
        }
    }
}
