package dev.loupe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

class TokenIssuerTest {
    static final Instant NOW = Instant.parse("2026-03-14T12:00:00.750Z");
    static final Instant NOW_SECONDS = Instant.parse("2026-03-14T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Project PROJECT = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
            ProjectKeys.newSecretKey(), "demo", List.of());

    static SignedJWT parseAndCheck(String token) throws ParseException, JOSEException {
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(PROJECT.secretKey().getBytes(StandardCharsets.UTF_8)))).isTrue();
        return jwt;
    }

    @Test
    void aBrowserTokenNamesTheProjectAndLivesTwoHours() throws Exception {
        JWTClaimsSet claims = parseAndCheck(TokenIssuer.browserToken(PROJECT, CLOCK)).getJWTClaimsSet();
        assertThat(claims.getJWTID()).isEqualTo(PROJECT.publicKey());
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(NOW_SECONDS));
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(NOW_SECONDS.plus(Duration.ofHours(2))));
        assertThat(claims.getStringClaim("token_use")).isEqualTo("browser");
        assertThat(claims.getClaims()).containsOnlyKeys("jti", "iat", "exp", "token_use");
    }

    @Test
    void aBackendTokenCarriesTheUser() throws Exception {
        JWTClaimsSet claims = parseAndCheck(
                TokenIssuer.backendToken(PROJECT, CLOCK, "user-42", "Ada Lovelace", Role.EDITOR)).getJWTClaimsSet();
        assertThat(claims.getJWTID()).isEqualTo(PROJECT.publicKey());
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(NOW_SECONDS));
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(NOW_SECONDS.plus(Duration.ofHours(2))));
        assertThat(claims.getSubject()).isEqualTo("user-42");
        assertThat(claims.getStringClaim("name")).isEqualTo("Ada Lovelace");
        assertThat(claims.getStringClaim("role")).isEqualTo("editor");
        assertThat(claims.getClaims()).doesNotContainKey("token_use");
    }

    @Test
    void aBackendTokenWithoutAUserHasOnlyTheBasics() throws Exception {
        JWTClaimsSet claims = parseAndCheck(TokenIssuer.backendToken(PROJECT, CLOCK, null, null, null))
                .getJWTClaimsSet();
        assertThat(claims.getClaims()).containsOnlyKeys("jti", "iat", "exp");
    }

    @Test
    void issuedTokensPassTheVerifier() {
        TokenVerifier verifier = new TokenVerifier(key -> Optional.of(PROJECT).filter(p -> p.publicKey().equals(key)),
                CLOCK);
        Caller browser = verifier.verify("Bearer " + TokenIssuer.browserToken(PROJECT, CLOCK));
        assertThat(browser.browser()).isTrue();
        Caller admin = verifier.verify("Bearer " + TokenIssuer.backendToken(PROJECT, CLOCK, "u", null, Role.ADMIN));
        assertThat(admin.browser()).isFalse();
        assertThat(admin.userId()).contains("u");
        assertThat(admin.userName()).isEmpty();
        assertThat(admin.role()).contains(Role.ADMIN);
    }

    @Test
    void anIssuedTokenExpiresAfterTwoHours() {
        TokenVerifier verifier = new TokenVerifier(key -> Optional.of(PROJECT),
                Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC));
        assertThatThrownBy(() -> verifier.verify("Bearer " + TokenIssuer.browserToken(PROJECT, CLOCK)))
                .hasFieldOrPropertyWithValue("code", "token_expired");
    }

    @Test
    void aTooShortSecretIsAnIllegalState() {
        Project weak = new Project("p", "project_public_x", "short", "weak", List.of());
        assertThatThrownBy(() -> TokenIssuer.browserToken(weak, CLOCK))
                .isInstanceOf(IllegalStateException.class)
                .hasCauseInstanceOf(JOSEException.class)
                .message().doesNotContain("short");
    }
}
