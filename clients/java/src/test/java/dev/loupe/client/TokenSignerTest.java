package dev.loupe.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

/** The client's hand-made HS256 tokens, checked by an independent JWT library, and their renewal before expiry. */
class TokenSignerTest {
    private static final String PUBLIC_KEY = "project_public_0123";
    private static final String SECRET = "secret_key_of_at_least_thirty_two_bytes_0123456789";

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T10:00:00.750Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void aBackendTokenIsAnHs256JwtWithThePublicKeyInJtiAndAnHoursLife() throws Exception {
        SignedJWT jwt = SignedJWT.parse(new TokenSigner(PUBLIC_KEY, SECRET, clock).token());

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getJWTID()).isEqualTo(PUBLIC_KEY);
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(Instant.parse("2026-12-06T11:00:00Z"));
        assertThat(claims.getSubject()).isNull();
        assertThat(claims.getClaims()).doesNotContainKeys("name", "role");
    }

    @Test
    void aUsersTokenNamesTheUserAndRole() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(new TokenSigner(PUBLIC_KEY, SECRET, clock)
                .forUser("u-42", "Eve", "editor").token()).getJWTClaimsSet();

        assertThat(claims.getSubject()).isEqualTo("u-42");
        assertThat(claims.getStringClaim("name")).isEqualTo("Eve");
        assertThat(claims.getStringClaim("role")).isEqualTo("editor");
        assertThat(claims.getJWTID()).isEqualTo(PUBLIC_KEY);
    }

    @Test
    void theTokenIsReusedUntilFiveMinutesBeforeItsExpiryThenRenewed() throws Exception {
        TokenSigner signer = new TokenSigner(PUBLIC_KEY, SECRET, clock);
        String first = signer.token();

        now.set(now.get().plus(Duration.ofMinutes(54)));
        assertThat(signer.token()).isSameAs(first);

        now.set(now.get().plus(Duration.ofMinutes(1)));
        String renewed = signer.token();
        assertThat(renewed).isNotEqualTo(first);
        assertThat(SignedJWT.parse(renewed).getJWTClaimsSet().getExpirationTime().toInstant())
                .isEqualTo(Instant.parse("2026-12-06T11:55:00Z"));
        assertThat(signer.expires()).isEqualTo(Instant.parse("2026-12-06T11:55:00Z"));
    }

    @Test
    void keysAreRequired() {
        assertThatThrownBy(() -> new TokenSigner(" ", SECRET, clock)).hasMessageContaining("publicKey");
        assertThatThrownBy(() -> new TokenSigner(PUBLIC_KEY, null, clock)).hasMessageContaining("secretKey");
        assertThatThrownBy(() -> LoupeClient.builder(java.net.URI.create("http://127.0.0.1:1")).build())
                .hasMessageContaining("keys");
    }
}
