package dev.loupe.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class WebhookBackoffTest {
    private static final Duration BASE = Duration.ofSeconds(10);
    private static final Duration CAP = Duration.ofMinutes(15);

    @Test
    void doublesFromTheBaseOnEachDelivery() {
        assertThat(WebhookDelivery.backoff(BASE, 1, CAP)).isEqualTo(Duration.ofSeconds(10));
        assertThat(WebhookDelivery.backoff(BASE, 2, CAP)).isEqualTo(Duration.ofSeconds(20));
        assertThat(WebhookDelivery.backoff(BASE, 4, CAP)).isEqualTo(Duration.ofSeconds(80));
    }

    @Test
    void isCappedAndSurvivesSillyReceiveCounts() {
        assertThat(WebhookDelivery.backoff(BASE, 7, CAP)).isEqualTo(Duration.ofSeconds(640));
        assertThat(WebhookDelivery.backoff(BASE, 8, CAP)).isEqualTo(CAP);
        assertThat(WebhookDelivery.backoff(BASE, 1000, CAP)).isEqualTo(CAP);
        assertThat(WebhookDelivery.backoff(BASE, 0, CAP)).isEqualTo(Duration.ofSeconds(10));
    }
}
