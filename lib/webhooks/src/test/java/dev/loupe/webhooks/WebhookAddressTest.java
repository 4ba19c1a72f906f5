package dev.loupe.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import dev.loupe.fetch.AddressPolicy;
import dev.loupe.fetch.Resolver;
import dev.loupe.fetch.SafeFetcher;
import dev.loupe.core.http.ApiError;
import org.junit.jupiter.api.Test;

/**
 * What the webhook check decides with the system resolver, as production builds it: {@code localhost} (resolved from
 * the hosts file, no packet sent) is refused under the production policy; the local cloud's loopback allowance
 * admits one loopback address and port and nothing else.
 */
class WebhookAddressTest {
    @Test
    void localhostIsRefusedWithoutTheLoopbackAllowance() {
        try (SafeFetcher fetcher = new SafeFetcher(AddressPolicy.PUBLIC_ONLY, Resolver.SYSTEM,
                SafeFetcher.Limits.DEFAULTS)) {
            for (String url : new String[] {"http://localhost/hook", "http://127.0.0.1/hook", "http://10.0.0.1/hook",
                    "http://169.254.169.254/latest/meta-data/"}) {
                assertThatThrownBy(() -> fetcher.vet(url)).as(url).isInstanceOf(ApiError.class)
                        .extracting(e -> ((ApiError) e).code()).isEqualTo("forbidden_address");
            }
        }
    }

    @Test
    void theAllowanceAdmitsExactlyOneLoopbackAddressAndPort() throws Exception {
        AddressPolicy allowing = AddressPolicy.PUBLIC_ONLY.allowing(AddressPolicy.loopbackTarget("127.0.0.1:9"));
        try (SafeFetcher fetcher = new SafeFetcher(allowing, Resolver.SYSTEM, SafeFetcher.Limits.DEFAULTS)) {
            assertThat(fetcher.vet("http://127.0.0.1:9/hook").getHost()).isEqualTo("127.0.0.1");
            for (String url : new String[] {"http://127.0.0.1/hook", "http://127.0.0.1:10/hook",
                    "http://127.0.0.2:9/hook", "http://10.0.0.1:9/hook"}) {
                assertThatThrownBy(() -> fetcher.vet(url)).as(url).isInstanceOf(ApiError.class)
                        .extracting(e -> ((ApiError) e).code()).isEqualTo("forbidden_address");
            }
        }
        assertThatThrownBy(() -> AddressPolicy.PUBLIC_ONLY.allowing(new InetSocketAddress(
                InetAddress.getByName("10.0.0.1"), 9))).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A project's events webhook: the same check, then https only; plain http passes only for the loopback receiver
     * the local cloud's allowance lets through (never under the production policy).
     */
    @Test
    void anEventsWebhookIsHttpsOrTheAllowedLoopbackReceiver() {
        try (SafeFetcher production = new SafeFetcher(AddressPolicy.PUBLIC_ONLY, Resolver.SYSTEM,
                SafeFetcher.Limits.DEFAULTS);
             SafeFetcher local = new SafeFetcher(AddressPolicy.PUBLIC_ONLY.allowing(
                     AddressPolicy.loopbackTarget("127.0.0.1:9")), Resolver.SYSTEM, SafeFetcher.Limits.DEFAULTS)) {
            assertThat(EventsWebhookUrl.check(production, " https://93.184.216.34/hook ")).isEqualTo(
                    "https://93.184.216.34/hook");
            assertThat(EventsWebhookUrl.check(local, "http://127.0.0.1:9/hook")).isEqualTo("http://127.0.0.1:9/hook");
            for (String url : new String[] {"http://93.184.216.34/hook", "http://127.0.0.1:9/hook",
                    "https://10.0.0.1/hook", "ftp://93.184.216.34/hook", "not a url",
                    "https://93.184.216.34/" + "x".repeat(EventsWebhookUrl.MAX_LENGTH)}) {
                assertThatThrownBy(() -> EventsWebhookUrl.check(production, url)).as(url)
                        .isInstanceOf(ApiError.class).satisfies(e -> {
                            assertThat(((ApiError) e).status()).isEqualTo(400);
                            assertThat(((ApiError) e).code()).isEqualTo("bad_events_webhook");
                            assertThat(((ApiError) e).param()).contains("events_webhook");
                        });
            }
            assertThatThrownBy(() -> EventsWebhookUrl.check(local, "http://93.184.216.34/hook"))
                    .isInstanceOf(ApiError.class).hasMessageContaining("https");
        }
    }
}
