package dev.loupe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class OriginsTest {
    @Test
    void originsCompareInCanonicalForm() {
        assertThat(Origins.parse("HTTPS://App.Example.com:443/")).isEqualTo("https://app.example.com");
        assertThat(Origins.parse("http://localhost:5173")).isEqualTo("http://localhost:5173");
        assertThat(Origins.parse("http://example.com:80")).isEqualTo("http://example.com");
        assertThat(Origins.parse("https://example.com:80")).isEqualTo("https://example.com:80");
    }

    @Test
    void aListedOriginMustBeOnlyAnOrigin() {
        assertThatThrownBy(() -> Origins.parse("https://example.com/app")).hasMessageContaining("not an origin");
        assertThatThrownBy(() -> Origins.parse("example.com")).hasMessageContaining("not an origin");
        assertThatThrownBy(() -> Origins.parse("https://user@example.com")).hasMessageContaining("not an origin");
        assertThatThrownBy(() -> Origins.parse("*")).hasMessageContaining("not an origin");
    }

    @Test
    void theRequestsOriginComesFromOriginElseFromReferer() {
        assertThat(Origins.ofRequest(Optional.of("https://App.example.com"), Optional.of("https://other.test/x")))
                .contains("https://app.example.com");
        assertThat(Origins.ofRequest(Optional.empty(), Optional.of("https://app.example.com:443/gallery?x=1#y")))
                .contains("https://app.example.com");
        assertThat(Origins.ofRequest(Optional.of("null"), Optional.of("https://app.example.com/"))).isEmpty();
        assertThat(Origins.ofRequest(Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void anEmptyListAllowsAnyOriginElseOnlyListedOnes() {
        assertThat(Origins.allows(List.of(), Optional.empty())).isTrue();
        assertThat(Origins.allows(List.of(), Optional.of("https://evil.test"))).isTrue();
        List<String> listed = List.of("https://app.example.com", "http://localhost:5173");
        assertThat(Origins.allows(listed, Optional.of("https://app.example.com"))).isTrue();
        assertThat(Origins.allows(listed, Optional.of("http://localhost:5173"))).isTrue();
        assertThat(Origins.allows(listed, Optional.of("http://app.example.com"))).isFalse();
        assertThat(Origins.allows(listed, Optional.of("https://app.example.com.evil.test"))).isFalse();
        assertThat(Origins.allows(listed, Optional.of("http://localhost:5174"))).isFalse();
        assertThat(Origins.allows(listed, Optional.empty())).isFalse();
    }
}
