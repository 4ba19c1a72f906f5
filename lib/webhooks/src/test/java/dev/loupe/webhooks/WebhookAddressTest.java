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
}
