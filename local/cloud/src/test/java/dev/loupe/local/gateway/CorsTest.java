package dev.loupe.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.Headers;
import org.junit.jupiter.api.Test;

/** The CorsConfiguration's credentials, as API Gateway takes them: never with '*', only for the listed origins. */
class CorsTest {

    @Test
    void credentialsWithTheWildcardOriginAreRefusedAsAPIGatewayRefusesThem() {
        assertThatThrownBy(() -> Cors.of(Map.of("CorsConfiguration", Map.of("AllowOrigins", List.of("*"),
                "AllowCredentials", true)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AllowCredentials");
    }

    @Test
    void credentialsAreAllowedOnlyToTheListedOriginsAndTheWildcardNeverAllowsThem() {
        Cors listed = Cors.of(Map.of("CorsConfiguration", Map.of("AllowOrigins", List.of("https://app.example.test"),
                "AllowMethods", List.of("GET"), "AllowCredentials", true)));
        Headers allowed = new Headers();
        listed.preflight("https://app.example.test", allowed);
        assertThat(allowed.getFirst("Access-Control-Allow-Origin")).isEqualTo("https://app.example.test");
        assertThat(allowed.getFirst("Access-Control-Allow-Credentials")).isEqualTo("true");
        Headers refused = new Headers();
        listed.preflight("https://evil.example.test", refused);
        listed.actual("https://evil.example.test", refused);
        assertThat(refused).isEmpty();

        Cors wildcard = Cors.of(Map.of("CorsConfiguration", Map.of("AllowOrigins", List.of("*"))));
        Headers any = new Headers();
        wildcard.actual("https://evil.example.test", any);
        assertThat(any.getFirst("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(any.containsKey("Access-Control-Allow-Credentials")).isFalse();
    }
}
