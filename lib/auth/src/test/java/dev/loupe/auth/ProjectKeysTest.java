package dev.loupe.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ProjectKeysTest {
    @Test
    void aPublicKeyIsPrefixedHex() {
        assertThat(ProjectKeys.newPublicKey()).matches("project_public_[0-9a-f]{32}");
    }

    @Test
    void aSecretKeyIsPrefixedHexLongEnoughForHs256() {
        String secret = ProjectKeys.newSecretKey();
        assertThat(secret).matches("secret_key_[0-9a-f]{64}");
        assertThat(secret.getBytes().length * 8).isGreaterThanOrEqualTo(256);
    }

    @Test
    void keysAreRandom() {
        Set<String> keys = new HashSet<>();
        IntStream.range(0, 1000).forEach(i -> {
            keys.add(ProjectKeys.newPublicKey());
            keys.add(ProjectKeys.newSecretKey());
            keys.add(ProjectKeys.newProjectId());
        });
        assertThat(keys).hasSize(3000);
    }

    @Test
    void aProjectIdIsAUlid() {
        assertThat(ProjectKeys.newProjectId()).matches("[0-7][0-9A-HJKMNP-TV-Z]{25}");
    }

    @Test
    void theIdStartsWithTheTimeInCrockfordBase32() {
        // The ULID spec's own example: 1469918176385 ms is 01ARYZ6S41.
        assertThat(ProjectKeys.newProjectId(1469918176385L)).startsWith("01ARYZ6S41");
        assertThat(ProjectKeys.newProjectId(0)).startsWith("0000000000");
    }

    @Test
    void idsSortByCreationTime() {
        List<String> ids = new ArrayList<>();
        for (long millis = 1_700_000_000_000L; millis < 1_700_000_000_000L + 100_000; millis += 997) {
            ids.add(ProjectKeys.newProjectId(millis));
        }
        assertThat(ids).isSorted();
        assertThat(ProjectKeys.newProjectId(System.currentTimeMillis() - 1))
                .isLessThan(ProjectKeys.newProjectId(System.currentTimeMillis() + 1));
    }
}
