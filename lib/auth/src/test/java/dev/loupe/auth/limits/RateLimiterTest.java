package dev.loupe.auth.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The rate count against DynamoDB Local with the table template.yaml declares. */
@ExtendWith(SharedEmulators.class)
class RateLimiterTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static DynamoDbClient dynamoDb;
    private static String table;

    @BeforeAll
    static void provision(Emulators emulators) {
        Backend backend = Backend.of(emulators);
        dynamoDb = backend.dynamoDb();
        try (var sqs = backend.sqs(); var s3 = backend.s3()) {
            table = new Provisioner(dynamoDb, sqs, s3).provision(Fixtures.loupeTemplate()).tableName("RateLimitsTable");
        }
    }

    @AfterAll
    static void close() {
        dynamoDb.close();
    }

    private static RateLimiter at(Instant now) {
        return new RateLimiter(dynamoDb, table, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void countsDownWithinAWindowRefusesPastItAndStartsAgainInTheNext() {
        Instant now = Instant.parse("2026-11-23T10:00:15Z");
        RateLimiter limiter = at(now);

        var first = limiter.acquire("p-window", 3, MINUTE);
        assertThat(first).isEqualTo(new RateLimiter.Decision(true, 3, 2, Instant.parse("2026-11-23T10:01:00Z")));
        assertThat(limiter.acquire("p-window", 3, MINUTE).remaining()).isEqualTo(1);
        assertThat(limiter.acquire("p-window", 3, MINUTE).remaining()).isZero();
        var refused = limiter.acquire("p-window", 3, MINUTE);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds(now)).isEqualTo(45);
        // A refused request is not counted: the stored count stays at the limit.
        assertThat(dynamoDb.getItem(g -> g.tableName(table).key(java.util.Map.of("pk",
                AttributeValue.fromS(RateLimiter.key("p-window", now.getEpochSecond() / 60 * 60))))).item()
                .get("requests").n()).isEqualTo("3");

        assertThat(at(Instant.parse("2026-11-23T10:01:00Z")).acquire("p-window", 3, MINUTE).remaining())
                .isEqualTo(2);
        // Another project has its own count.
        assertThat(limiter.acquire("p-other", 3, MINUTE).remaining()).isEqualTo(2);
    }

    @Test
    void containersShareOneCountSoTogetherTheyNeverPassTheLimit() throws Exception {
        Instant now = Instant.parse("2026-11-23T11:00:00Z");
        CyclicBarrier barrier = new CyclicBarrier(20);
        List<Future<RateLimiter.Decision>> decisions = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                // Each thread its own limiter, as each container has its own.
                RateLimiter container = at(now);
                decisions.add(pool.submit(() -> {
                    barrier.await();
                    return container.acquire("p-shared", 12, MINUTE);
                }));
            }
        }
        long allowed = 0;
        for (var decision : decisions) {
            allowed += decision.get().allowed() ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(12);
    }
}
