package dev.loupe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.loupe.core.http.ApiError;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
    static final Instant NOW = Instant.parse("2026-03-14T12:00:00Z");
    static final Project PROJECT = new Project("01JPROJECT0000000000000000",
            "project_public_0123456789abcdef0123456789abcdef",
            "secret_key_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "demo", List.of());

    final MutableClock clock = new MutableClock(NOW);
    final AtomicInteger lookups = new AtomicInteger();
    final ProjectDirectory directory = publicKey -> {
        lookups.incrementAndGet();
        return PROJECT.publicKey().equals(publicKey) ? Optional.of(PROJECT) : Optional.empty();
    };
    final TokenVerifier verifier = new TokenVerifier(directory, clock);

    // ---------------------------------------------------------------- helpers

    /** A clock the test can move: the verifier's cache and time checks read it on every call. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(i -> i.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    static Date at(long secondsFromNow) {
        return Date.from(NOW.plusSeconds(secondsFromNow));
    }

    /** jti = the project's public key, iat = now; {@code more} adds or overrides claims. */
    static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> more) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().jwtID(PROJECT.publicKey()).issueTime(at(0));
        more.accept(builder);
        return builder.build();
    }

    static String hs256(JWTClaimsSet claims) {
        return sign(JWSAlgorithm.HS256, PROJECT.secretKey(), claims);
    }

    static String sign(JWSAlgorithm alg, String secret, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    Caller verify(String token) {
        return verifier.verify(bearer(token));
    }

    ApiError rejectionOfHeader(String header) {
        ApiError error = catchThrowableOfType(ApiError.class, () -> verifier.verify(header));
        assertThat(error).as("a 401 for header %s", header).isNotNull();
        assertThat(error.status()).isEqualTo(401);
        assertThat(error.getMessage()).doesNotContain(PROJECT.secretKey()).isNotBlank();
        return error;
    }

    ApiError rejection(String token) {
        return rejectionOfHeader(bearer(token));
    }

    // ---------------------------------------------------------------- tokens the client libraries make

    @Nested
    class ClientA {
        final String token = hs256(new JWTClaimsSet.Builder()
                .issuer("api.example.test")
                .issueTime(at(-5))
                .jwtID(PROJECT.publicKey())
                .build());

        @Test
        void isAccepted() {
            Caller caller = verify(token);
            assertThat(caller.project()).isEqualTo(PROJECT);
            assertThat(caller.projectId()).isEqualTo(PROJECT.projectId());
            assertThat(caller.browser()).isFalse();
            assertThat(caller.isRegisteredUser()).isFalse();
            assertThat(caller.userName()).isEmpty();
            assertThat(caller.role()).isEmpty();
            assertThat(caller.fileEncryptionKey()).isEmpty();
        }

        @Test
        void expiresTwoHoursAfterItsIat() {
            clock.advance(Duration.ofHours(2).plusMinutes(1));
            assertThat(rejection(token).code()).isEqualTo("token_expired");
        }

        @Test
        void isStillGoodJustBeforeTwoHours() {
            clock.advance(Duration.ofHours(2).minusSeconds(10));
            assertThat(verify(token).project()).isEqualTo(PROJECT);
        }
    }

    @Nested
    class ClientB {
        JWTClaimsSet.Builder shape() {
            return new JWTClaimsSet.Builder()
                    .issuer("")
                    .audience("")
                    .issueTime(at(-5400))
                    .notBeforeTime(at(-5400))
                    .expirationTime(at(9000))
                    .jwtID(PROJECT.publicKey());
        }

        @Test
        void isAccepted() {
            Caller caller = verify(hs256(shape().build()));
            assertThat(caller.project()).isEqualTo(PROJECT);
            assertThat(caller.browser()).isFalse();
            assertThat(caller.fileEncryptionKey()).isEmpty();
        }

        @Test
        void isStillGoodAtMinute31AndMinute149BecauseItsExpDecides() {
            String token = hs256(shape().build());
            clock.advance(Duration.ofMinutes(31));
            assertThat(verify(token).project()).isEqualTo(PROJECT);
            clock.advance(Duration.ofMinutes(149 - 31));
            assertThat(verify(token).project()).isEqualTo(PROJECT);
            clock.advance(Duration.ofMinutes(151 - 149));
            assertThat(rejection(token).code()).isEqualTo("token_expired");
        }

        @Test
        void carriesTheFileEncryptionKey() {
            Caller caller = verify(hs256(shape().claim("file_encryption_key", "k3y-for-files").build()));
            assertThat(caller.fileEncryptionKey()).contains("k3y-for-files");
        }
    }

    // ---------------------------------------------------------------- what a caller gets

    @Test
    void aBackendTokenSpeaksForItsUser() {
        Caller caller = verify(hs256(claims(c -> c
                .expirationTime(at(3600))
                .subject("user-42")
                .claim("name", "Ada Lovelace")
                .claim("role", "editor"))));
        assertThat(caller.browser()).isFalse();
        assertThat(caller.isRegisteredUser()).isTrue();
        assertThat(caller.userId()).contains("user-42");
        assertThat(caller.userName()).contains("Ada Lovelace");
        assertThat(caller.role()).contains(Role.EDITOR);
    }

    @Test
    void aRoleIsCaseInsensitive() {
        assertThat(verify(hs256(claims(c -> c.claim("role", "ADMIN")))).role()).contains(Role.ADMIN);
    }

    @Test
    void blankOptionalClaimsCountAsAbsent() {
        Caller caller = verify(hs256(claims(c -> c.subject("").claim("name", "").claim("role", ""))));
        assertThat(caller.userId()).isEmpty();
        assertThat(caller.userName()).isEmpty();
        assertThat(caller.role()).isEmpty();
    }

    @Test
    void theIssuersTokensAreAccepted() {
        Caller browser = verify(TokenIssuer.browserToken(PROJECT, clock));
        assertThat(browser.browser()).isTrue();
        assertThat(browser.userId()).isEmpty();

        Caller backend = verify(TokenIssuer.backendToken(PROJECT, clock, "u1", "Grace", Role.VIEWER));
        assertThat(backend.browser()).isFalse();
        assertThat(backend.userId()).contains("u1");
        assertThat(backend.userName()).contains("Grace");
        assertThat(backend.role()).contains(Role.VIEWER);
    }

    @Test
    void theBearerSchemeIsCaseInsensitiveAndSpacesAreForgiven() {
        String token = hs256(claims(c -> {
        }));
        assertThat(verifier.verify("bearer " + token).project()).isEqualTo(PROJECT);
        assertThat(verifier.verify("  BEARER   " + token + "  ").project()).isEqualTo(PROJECT);
    }

    @Test
    void timesWithinTheSkewAreAccepted() {
        String token = hs256(claims(c -> c.issueTime(at(59)).notBeforeTime(at(59)).expirationTime(at(3 * 3600 + 59))));
        assertThat(verify(token).project()).isEqualTo(PROJECT);
    }

    @Test
    void nbfAloneNeedsIatOrExp() {
        assertThat(verify(hs256(claims(c -> c.notBeforeTime(at(-10))))).project()).isEqualTo(PROJECT);
        String onlyNbf = hs256(new JWTClaimsSet.Builder().jwtID(PROJECT.publicKey()).notBeforeTime(at(-10)).build());
        assertThat(rejection(onlyNbf).code()).isEqualTo("missing_expiry");
    }

    // ---------------------------------------------------------------- rejections

    @Test
    void aMissingHeaderIsMissingToken() {
        assertThat(rejectionOfHeader(null).code()).isEqualTo("missing_token");
        assertThat(rejectionOfHeader("").code()).isEqualTo("missing_token");
        assertThat(rejectionOfHeader("   ").code()).isEqualTo("missing_token");
    }

    @Test
    void aBareTokenWithoutSchemeIsAcceptedAsTheImageListApiSendsIt() {
        String token = hs256(claims(c -> {
        }));
        assertThat(verifier.verify(token).project()).isEqualTo(PROJECT);
        assertThat(verifier.verify("  " + token + " ").project()).isEqualTo(PROJECT);
    }

    @Test
    void anotherSchemeIsMalformed() {
        assertThat(rejectionOfHeader("Basic xyz").code()).isEqualTo("malformed_token");
        assertThat(rejectionOfHeader("Token " + hs256(claims(c -> {
        }))).code()).isEqualTo("malformed_token");
        assertThat(rejectionOfHeader("not-a-token").code()).isEqualTo("malformed_token");
        assertThat(rejectionOfHeader("Bearer").code()).isEqualTo("malformed_token");
        assertThat(rejectionOfHeader("Bearer   ").code()).isEqualTo("malformed_token");
    }

    @Test
    void garbageIsMalformed() {
        for (String garbage : List.of("garbage", "a.b.c", "....", ".x.y", "x.y", "eyJhbGciOiJIUzI1NiJ9.%%%.abc",
                b64("[1,2]") + ".e30.", b64("{\"alg\":\"HS256\"}") + ".bm90IGpzb24." + "c2ln",
                b64("{\"alg\":\"HS256\"}") + "." + b64("{\"jti\":\"x\"}"))) {
            assertThat(rejection(garbage).code()).as(garbage).isEqualTo("malformed_token");
        }
    }

    @Test
    void algNoneIsUnsupported() {
        String payload = b64("{\"jti\":\"" + PROJECT.publicKey() + "\",\"iat\":" + NOW.getEpochSecond() + "}");
        ApiError error = rejection(b64("{\"alg\":\"none\"}") + "." + payload + ".");
        assertThat(error.code()).isEqualTo("unsupported_algorithm");
        assertThat(error.getMessage()).contains("none");
        // Also with a signature part stuck on, which nimbus would refuse to parse as an unsecured JWT at all.
        assertThat(rejection(b64("{\"alg\":\"none\"}") + "." + payload + ".c2ln").code())
                .isEqualTo("unsupported_algorithm");
    }

    @Test
    void hs512WithTheRightSecretIsUnsupported() {
        ApiError error = rejection(sign(JWSAlgorithm.HS512, PROJECT.secretKey(), claims(c -> {
        })));
        assertThat(error.code()).isEqualTo("unsupported_algorithm");
        assertThat(error.getMessage()).contains("HS512").contains("HS256");
        assertThat(rejection(sign(JWSAlgorithm.HS384, PROJECT.secretKey(), claims(c -> {
        }))).code()).isEqualTo("unsupported_algorithm");
    }

    @Test
    void rs256IsUnsupported() throws JOSEException {
        RSAKey key = new RSAKeyGenerator(2048).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims(c -> {
        }));
        jwt.sign(new RSASSASigner(key));
        assertThat(rejection(jwt.serialize()).code()).isEqualTo("unsupported_algorithm");
    }

    @Test
    void anEncryptedTokenIsUnsupported() throws JOSEException {
        EncryptedJWT jwt = new EncryptedJWT(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM), claims(c -> {
        }));
        jwt.encrypt(new DirectEncrypter(new byte[32]));
        assertThat(rejection(jwt.serialize()).code()).isEqualTo("unsupported_algorithm");
    }

    @Test
    void anUnknownAlgorithmIsUnsupported() {
        String token = b64("{\"alg\":\"XYZ1\"}") + "." + b64("{\"jti\":\"" + PROJECT.publicKey() + "\"}") + ".c2ln";
        assertThat(rejection(token).code()).isEqualTo("unsupported_algorithm");
    }

    @Test
    void aWrongSecretIsAnInvalidSignature() {
        ApiError error = rejection(sign(JWSAlgorithm.HS256,
                "secret_key_ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", claims(c -> {
                })));
        assertThat(error.code()).isEqualTo("invalid_signature");
    }

    @Test
    void aTamperedPayloadIsAnInvalidSignature() {
        String[] parts = hs256(claims(c -> c.subject("user-1"))).split("\\.");
        String forged = b64("{\"jti\":\"" + PROJECT.publicKey() + "\",\"iat\":" + NOW.getEpochSecond()
                + ",\"sub\":\"admin\"}");
        assertThat(rejection(parts[0] + "." + forged + "." + parts[2]).code()).isEqualTo("invalid_signature");
    }

    @Test
    void aProjectWithATooShortSecretFailsAsAnInvalidSignature() {
        Project weak = new Project("p2", "project_public_weak", "short", "weak", List.of());
        TokenVerifier weakVerifier = new TokenVerifier(key -> Optional.of(weak), clock);
        String token = sign(JWSAlgorithm.HS256, PROJECT.secretKey(), claims(c -> c.jwtID(weak.publicKey())));
        ApiError error = catchThrowableOfType(ApiError.class, () -> weakVerifier.verify(bearer(token)));
        assertThat(error.status()).isEqualTo(401);
        assertThat(error.code()).isEqualTo("invalid_signature");
        assertThat(error.getMessage()).doesNotContain("short");
    }

    @Test
    void anUnknownJtiIsAnUnknownKey() {
        assertThat(rejection(hs256(claims(c -> c.jwtID("project_public_nobody")))).code()).isEqualTo("unknown_key");
    }

    @Test
    void aMissingJtiIsMalformed() {
        assertThat(rejection(hs256(claims(c -> c.jwtID(null)))).code()).isEqualTo("malformed_token");
        assertThat(rejection(hs256(claims(c -> c.jwtID("")))).code()).isEqualTo("malformed_token");
        assertThat(rejection(hs256(claims(c -> c.claim("jti", 42)))).code()).isEqualTo("malformed_token");
        assertThat(lookups).as("nothing to look up").hasValue(0);
    }

    @Test
    void aPastExpIsExpired() {
        ApiError error = rejection(hs256(claims(c -> c.issueTime(at(-600)).expirationTime(at(-1)))));
        assertThat(error.code()).isEqualTo("token_expired");
        assertThat(error.getMessage()).isEqualTo("The token expired at 2026-03-14T11:59:59Z");
        assertThat(rejection(hs256(claims(c -> c.expirationTime(at(0))))).code()).isEqualTo("token_expired");
    }

    @Test
    void anExpTooFarAheadIsTooLong() {
        ApiError error = rejection(hs256(claims(c -> c.expirationTime(at(3 * 3600 + 5 * 60)))));
        assertThat(error.code()).isEqualTo("token_lifetime_too_long");
        assertThat(error.getMessage()).contains("3 hours");
        assertThat(rejection(hs256(claims(c -> c.expirationTime(at(3 * 3600 + 61))))).code())
                .isEqualTo("token_lifetime_too_long");
    }

    @Test
    void anIatOverTwoHoursOldWithoutExpIsExpired() {
        ApiError error = rejection(hs256(claims(c -> c.issueTime(at(-2 * 3600 - 1)))));
        assertThat(error.code()).isEqualTo("token_expired");
        assertThat(error.getMessage()).contains("2026-03-14T09:59:59Z");
    }

    @Test
    void withAnExpTheExpDecidesNotTheIat() {
        // Changed on purpose (the compatibility issue): an exp at most 3 hours ahead is the token's own limit.
        assertThat(verify(hs256(claims(c -> c.issueTime(at(-2 * 3600 - 60)).expirationTime(at(600))))).project())
                .isEqualTo(PROJECT);
        assertThat(rejection(hs256(claims(c -> c.issueTime(at(-4 * 3600)).expirationTime(at(-1))))).code())
                .isEqualTo("token_expired");
    }

    @Test
    void anNbfOverTwoHoursOldIsExpired() {
        assertThat(rejection(hs256(claims(c -> c.notBeforeTime(at(-2 * 3600 - 1))))).code())
                .isEqualTo("token_expired");
    }

    @Test
    void anNbfInTheFutureIsNotYetValid() {
        ApiError error = rejection(hs256(claims(c -> c.notBeforeTime(at(120)))));
        assertThat(error.code()).isEqualTo("token_not_yet_valid");
        assertThat(error.getMessage()).contains("2026-03-14T12:02:00Z");
    }

    @Test
    void anIatInTheFutureIsNotYetValid() {
        assertThat(rejection(hs256(claims(c -> c.issueTime(at(61))))).code()).isEqualTo("token_not_yet_valid");
    }

    @Test
    void neitherExpNorIatIsMissingExpiry() {
        ApiError error = rejection(hs256(new JWTClaimsSet.Builder().jwtID(PROJECT.publicKey()).build()));
        assertThat(error.code()).isEqualTo("missing_expiry");
        assertThat(error.getMessage()).contains("exp").contains("iat");
    }

    @Test
    void aTimeClaimThatIsNotANumberIsMalformed() {
        String token = hs256(claims(c -> c.issueTime(null).claim("exp", "tomorrow")));
        assertThat(rejection(token).code()).isEqualTo("malformed_token");
    }

    @Test
    void aBrowserTokenMustNotSpeakForAUser() {
        assertThat(rejection(hs256(claims(c -> c.claim("token_use", "browser").subject("user-1")))).code())
                .isEqualTo("malformed_token");
        assertThat(rejection(hs256(claims(c -> c.claim("token_use", "browser").claim("role", "admin")))).code())
                .isEqualTo("malformed_token");
    }

    @Test
    void anUnknownRoleIsMalformed() {
        ApiError error = rejection(hs256(claims(c -> c.subject("u").claim("role", "owner"))));
        assertThat(error.code()).isEqualTo("malformed_token");
        assertThat(error.getMessage()).contains("admin, editor, viewer").contains("owner");
    }

    @Test
    void aNumericSubIsReadAsText() {
        // nimbus turns a numeric sub into its string, as some backends use numeric user ids.
        assertThat(verify(hs256(claims(c -> c.claim("sub", 42)))).userId()).contains("42");
    }

    @Test
    void aClaimOfTheWrongTypeIsMalformed() {
        assertThat(rejection(hs256(claims(c -> c.claim("name", 42)))).code()).isEqualTo("malformed_token");
        assertThat(rejection(hs256(claims(c -> c.claim("role", List.of("admin"))))).code())
                .isEqualTo("malformed_token");
        assertThat(rejection(hs256(claims(c -> c.claim("file_encryption_key", Map.of())))).code())
                .isEqualTo("malformed_token");
    }

    @Test
    void theSignatureIsCheckedBeforeTheClaims() {
        // Someone without the secret learns nothing about the time rules or the claims.
        String forged = sign(JWSAlgorithm.HS256,
                "secret_key_eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee",
                claims(c -> c.issueTime(at(-99999)).claim("role", "owner")));
        assertThat(rejection(forged).code()).isEqualTo("invalid_signature");
    }

    // ---------------------------------------------------------------- cache

    @Test
    void theDirectoryIsAskedOncePerMinute() {
        String token = hs256(claims(c -> c.expirationTime(at(3600))));
        verify(token);
        clock.advance(Duration.ofSeconds(59));
        verify(token);
        assertThat(lookups).hasValue(1);

        clock.advance(Duration.ofSeconds(2));
        verify(token);
        assertThat(lookups).hasValue(2);
        verify(token);
        assertThat(lookups).hasValue(2);
    }

    @Test
    void missesAreNotCached() {
        AtomicReference<Project> registered = new AtomicReference<>();
        TokenVerifier late = new TokenVerifier(key -> {
            lookups.incrementAndGet();
            return Optional.ofNullable(registered.get()).filter(p -> p.publicKey().equals(key));
        }, clock);
        String token = bearer(hs256(claims(c -> {
        })));

        assertThat(catchThrowableOfType(ApiError.class, () -> late.verify(token)).code()).isEqualTo("unknown_key");
        registered.set(PROJECT);
        assertThat(late.verify(token).project()).isEqualTo(PROJECT);
        assertThat(lookups).hasValue(2);
    }

    @Test
    void badSignaturesReadTheProjectAgainOnceThenAtMostEveryFiveSeconds() {
        verify(hs256(claims(c -> {
        })));
        String forged = sign(JWSAlgorithm.HS256,
                "secret_key_dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd", claims(c -> {
                }));
        for (int i = 0; i < 10; i++) {
            rejection(forged);
        }
        assertThat(lookups).as("the fill, and one read again for a key perhaps rotated in").hasValue(2);
        clock.advance(TokenVerifier.REREAD_AFTER.plusSeconds(1));
        rejection(forged);
        rejection(forged);
        assertThat(lookups).hasValue(3);
    }
}
