package dev.loupe.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private static final String SECRET = "secret_key_for_tests";
    private static final byte[] BODY = "{\"task\":\"t1\",\"status\":\"TaskSuccess\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant SENT = Instant.ofEpochSecond(1_700_000_000L);
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void matchesAnHmacComputedByOpenssl() {
        // printf '%s' '1700000000.{"task":"t1","status":"TaskSuccess"}' | openssl dgst -sha256 -hmac secret_key_for_tests
        assertThat(WebhookSignature.header(SECRET, SENT, BODY))
                .isEqualTo("t=1700000000,v1=f2c30e0b163f484fcf17dd733d2b181dab1890fc59171090e83381c1337f68e1");
    }

    @Test
    void aReceiverAcceptsOnlyTheSameBodyKeyAndARecentTime() {
        String header = WebhookSignature.header(SECRET, SENT, BODY);

        assertThat(WebhookSignature.verify(header, SECRET, BODY, SENT.plusSeconds(30), FIVE_MINUTES)).isTrue();
        byte[] tampered = "{\"task\":\"t1\",\"status\":\"TaskError\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(header, SECRET, tampered, SENT, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(header, "another_secret", BODY, SENT, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(header, SECRET, BODY, SENT.plus(Duration.ofMinutes(6)), FIVE_MINUTES))
                .as("a replay after the tolerance").isFalse();
        // The time is signed: moving it forward breaks the MAC.
        String moved = header.replace("t=1700000000", "t=1700000300");
        assertThat(WebhookSignature.verify(moved, SECRET, BODY, SENT.plusSeconds(300), FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify("v1=abc", SECRET, BODY, SENT, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(null, SECRET, BODY, SENT, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.time(header)).contains(SENT);
    }
}
