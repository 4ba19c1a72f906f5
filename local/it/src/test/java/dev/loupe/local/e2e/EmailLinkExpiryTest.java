package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import dev.loupe.people.EmailTokens;
import dev.loupe.people.EmailTokens.Purpose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The emailed links' tokens expire: on the local cloud's users table, with clocks set on either side of a link's
 * end, a token works until then and never after (its conditional delete refuses it; the TTL removes it later).
 */
@LoupeCloudTest
class EmailLinkExpiryTest {
    private static final Instant ISSUED = Instant.parse("2026-01-10T12:00:00Z");

    @Test
    void aLinkWorksOnceBeforeItsEndAndNeverAfter(ProjectClient cloud) {
        try (DynamoDbClient dynamo = cloud.backend().dynamoDb()) {
            String table = cloud.provisioned().tableName("UsersTable");
            String project = cloud.project().projectId();
            EmailTokens issuer = new EmailTokens(dynamo, table, Clock.fixed(ISSUED, ZoneOffset.UTC));
            String early = issuer.issue(project, Purpose.RESET, "user-1", "a@example.com", Duration.ofHours(1));
            String late = issuer.issue(project, Purpose.VERIFY, "user-1", "a@example.com", Duration.ofHours(1));

            EmailTokens beforeEnd = at(dynamo, table, ISSUED.plus(Duration.ofMinutes(59)));
            EmailTokens afterEnd = at(dynamo, table, ISSUED.plus(Duration.ofMinutes(61)));
            assertThat(beforeEnd.use(project, Purpose.RESET, early)).hasValueSatisfying(used ->
                    assertThat(used.userId()).isEqualTo("user-1"));
            assertThat(beforeEnd.use(project, Purpose.RESET, early)).as("used once already").isEmpty();
            assertThat(afterEnd.use(project, Purpose.VERIFY, late)).as("expired").isEmpty();
            // Refused, not consumed: still refused later, and a clock back before the end shows it was kept.
            assertThat(afterEnd.use(project, Purpose.VERIFY, late)).isEmpty();
            assertThat(beforeEnd.use(project, Purpose.VERIFY, late)).isPresent();
        }
    }

    private static EmailTokens at(DynamoDbClient dynamo, String table, Instant now) {
        return new EmailTokens(dynamo, table, Clock.fixed(now, ZoneOffset.UTC));
    }
}
