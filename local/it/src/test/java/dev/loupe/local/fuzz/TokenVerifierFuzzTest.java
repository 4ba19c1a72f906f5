package dev.loupe.local.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.auth.TokenVerifier;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The JWT verifier on any Authorization header: a 401 or a caller, never anything else. Half the inputs are a real
 * token of a known project with fuzzed bytes spliced in, so that the fuzzer gets past the signature.
 */
class TokenVerifierFuzzTest {
    private static final Project PROJECT = new Project("prj_fuzz", "project_public_fuzz", "secret_key_for_fuzzing_at_least_256_bits_long",
            "fuzz", List.of());
    private static final TokenVerifier VERIFIER = new TokenVerifier(
            key -> key.equals(PROJECT.publicKey()) ? Optional.of(PROJECT) : Optional.empty(), Clock.systemUTC());

    @FuzzTest(maxDuration = "15s")
    void anyAuthorizationHeaderVerifiesOrIsRefused(FuzzedDataProvider data) {
        String header;
        if (data.consumeBoolean()) {
            String token = TokenIssuer.browserToken(PROJECT, Clock.systemUTC());
            int at = data.consumeInt(0, token.length());
            header = "Bearer " + token.substring(0, at) + data.consumeString(40)
                    + token.substring(Math.min(token.length(), at + data.consumeInt(0, 20)));
        } else {
            header = data.consumeRemainingAsString();
        }
        FuzzRules.parse(() -> VERIFIER.verify(header));
    }
}
