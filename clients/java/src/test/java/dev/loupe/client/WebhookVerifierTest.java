package dev.loupe.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/**
 * The receiver's check of {@code X-Loupe-Signature}, on a vector that Loupe's own signer (lib/webhooks'
 * WebhookSignature.header) made for this secret, time and body; the local cloud's end-to-end test signs fresh ones.
 */
class WebhookVerifierTest {
    private static final String SECRET = "sk_test_0123456789abcdef0123456789abcdef";
    private static final Instant SENT = Instant.ofEpochSecond(1767225600L);
    private static final byte[] BODY = "{\"event\":\"task.finished\",\"task\":\"t-1\",\"status\":\"TaskSuccess\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final String HEADER =
            "t=1767225600,v1=c609e17fa8fb24f6729ee388bcd6fb3d75a24f2983cf1cdb2b5c912c5d532c7b";

    private static WebhookVerifier at(Instant now) {
        return new WebhookVerifier(SECRET, WebhookVerifier.DEFAULT_TOLERANCE, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void loupesSignatureOfTheBodyVerifies() {
        assertThat(at(SENT.plusSeconds(30)).verify(HEADER, BODY)).isTrue();
        assertThat(at(SENT.minusSeconds(30)).verify(" " + HEADER + " ", BODY)).isTrue();
    }

    @Test
    void anotherBodyAnotherKeyOrAChangedMacDoNot() {
        assertThat(at(SENT).verify(HEADER, "{\"event\":\"task.finished\"}".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(new WebhookVerifier(SECRET + "x", Duration.ofMinutes(5), Clock.fixed(SENT, ZoneOffset.UTC))
                .verify(HEADER, BODY)).isFalse();
        assertThat(at(SENT).verify(HEADER.substring(0, HEADER.length() - 1) + "d", BODY)).isFalse();
        // The time is signed too: the same MAC under another t is a forgery.
        assertThat(at(SENT).verify(HEADER.replace("t=1767225600", "t=1767225601"), BODY)).isFalse();
    }

    @Test
    void aDeliveryOlderOrNewerThanTheToleranceIsRefused() {
        assertThat(at(SENT.plus(Duration.ofMinutes(5))).verify(HEADER, BODY)).isTrue();
        assertThat(at(SENT.plus(Duration.ofMinutes(5)).plusSeconds(1)).verify(HEADER, BODY)).isFalse();
        assertThat(at(SENT.minus(Duration.ofMinutes(5)).minusSeconds(1)).verify(HEADER, BODY)).isFalse();
    }

    @Test
    void malformedOrMissingHeadersAreRefusedAndCheckSaysWhy() {
        WebhookVerifier verifier = at(SENT);
        assertThat(verifier.verify(null, BODY)).isFalse();
        assertThat(verifier.verify("", BODY)).isFalse();
        assertThat(verifier.verify("v1=c609e17f,t=1767225600", BODY)).isFalse();
        assertThat(verifier.verify(HEADER.toUpperCase(), BODY)).isFalse();
        assertThatThrownBy(() -> verifier.check("t=1,v1=00", BODY)).isInstanceOfSatisfying(LoupeException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.code()).isEqualTo("invalid_signature");
                });
    }
}
