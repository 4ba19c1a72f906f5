package dev.loupe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.loupe.auth.TokenVerifierTest.MutableClock;
import dev.loupe.core.http.ApiError;
import org.junit.jupiter.api.Test;

/** A rotated secret key: during the grace period tokens of the old key and of the new one verify; after it, only the new. */
class KeyRotationTest {
    static final Instant NOW = Instant.parse("2026-03-14T12:00:00Z");
    static final Duration GRACE = Duration.ofMinutes(30);

    final MutableClock clock = new MutableClock(NOW);
    final AtomicReference<Project> stored = new AtomicReference<>(TokenVerifierTest.PROJECT);
    final TokenVerifier verifier = new TokenVerifier(publicKey -> Optional.of(stored.get()), clock);

    @Test
    void theOldKeyVerifiesDuringTheGracePeriodAndNotAfter() {
        Project before = stored.get();
        String signedWithOldKey = TokenIssuer.backendToken(before, clock, "user-1", null, null);
        Project after = before.rotated(ProjectKeys.newSecretKey(), NOW.plus(GRACE));
        stored.set(after);
        String signedWithNewKey = TokenIssuer.backendToken(after, clock, "user-1", null, null);

        assertThat(verifier.verify("Bearer " + signedWithOldKey).project().secretKey()).isEqualTo(after.secretKey());
        assertThat(verifier.verify("Bearer " + signedWithNewKey).userId()).contains("user-1");

        clock.advance(GRACE.minusSeconds(1));
        assertThat(verifier.verify("Bearer " + signedWithOldKey).userId()).contains("user-1");

        clock.advance(Duration.ofSeconds(1));
        // Both tokens are still within their 2-hour life: only the old key's grace period has ended.
        ApiError refused = catchThrowableOfType(ApiError.class, () -> verifier.verify("Bearer " + signedWithOldKey));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo("invalid_signature");
        assertThat(verifier.verify("Bearer " + signedWithNewKey).userId()).contains("user-1");
    }

    @Test
    void aVerifierThatCachedTheProjectAcceptsTheNewKeyAtOnce() {
        Project before = stored.get();
        verifier.verify("Bearer " + TokenIssuer.backendToken(before, clock, null, null, null));
        Project after = before.rotated(ProjectKeys.newSecretKey(), NOW.plus(GRACE));
        stored.set(after);
        // Its cached copy (read 6 s ago) does not know the new key: the verifier reads the project again.
        clock.advance(Duration.ofSeconds(6));

        assertThat(verifier.verify("Bearer " + TokenIssuer.backendToken(after, clock, null, null, null)).project())
                .isEqualTo(after);
    }

    @Test
    void aKeyRotatedTwiceNoLongerVerifies() {
        Project first = stored.get();
        String signedWithFirstKey = TokenIssuer.backendToken(first, clock, null, null, null);
        Project second = first.rotated(ProjectKeys.newSecretKey(), NOW.plus(GRACE));
        stored.set(second.rotated(ProjectKeys.newSecretKey(), NOW.plus(GRACE)));

        assertThat(catchThrowableOfType(ApiError.class, () -> verifier.verify("Bearer " + signedWithFirstKey))
                .code()).isEqualTo("invalid_signature");
    }

    @Test
    void aPreviousKeyIsNotShownInTheProjectsText() {
        Project rotated = stored.get().rotated(ProjectKeys.newSecretKey(), NOW.plus(GRACE));
        assertThat(rotated.previousKey().toString()).doesNotContain(TokenVerifierTest.PROJECT.secretKey());
    }
}
