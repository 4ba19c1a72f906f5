package dev.loupe.shared.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;
import dev.loupe.shared.auth.Caller;
import dev.loupe.shared.auth.Project;
import dev.loupe.shared.auth.ProjectKeys;
import dev.loupe.shared.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The gallery service without events or HTTP, against DynamoDB Local with the table template.yaml declares: what it
 * stores, and how it behaves when requests meet.
 */
@ExtendWith(SharedEmulators.class)
class GalleryServiceTest {
    private static DynamoDbClient dynamoDb;
    private static String table;
    private static GalleryService service;
    private final Project project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
            ProjectKeys.newSecretKey(), "test", List.of());

    @BeforeAll
    static void provision(Emulators emulators) {
        Backend backend = Backend.of(emulators);
        dynamoDb = backend.dynamoDb();
        Provisioned provisioned;
        try (var sqs = backend.sqs(); var s3 = backend.s3()) {
            provisioned = new Provisioner(dynamoDb, sqs, s3).provision(Fixtures.loupeTemplate());
        }
        table = provisioned.tableName("GalleriesTable");
        service = new GalleryService(new GalleryStore(
                DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build(), table), Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        dynamoDb.close();
    }

    private Caller anonymous() {
        return new Caller(project, false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private Map<String, AttributeValue> stored(String name) {
        return dynamoDb.getItem(b -> b.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("P#" + project.projectId() + "#G#" + name),
                "sk", AttributeValue.fromS("GALLERY")))).item();
    }

    @Test
    void anAnonymousOwnersTokenIsKeptOnlyAsItsHash() {
        var created = service.create(anonymous(), new GalleryService.CreateCommand(Optional.of("Trip"),
                Optional.of("trip"), Optional.empty(), List.of()));
        String token = created.ownerToken().orElseThrow();

        Map<String, AttributeValue> item = stored("trip");
        assertThat(item.get("owner_token_hash").s()).isEqualTo(OwnerTokens.hash(token)).isNotEqualTo(token);
        assertThat(item.values()).noneMatch(v -> token.equals(v.s()));
        assertThat(item).doesNotContainKey("owner_pk");

        assertThat(service.view(anonymous(), "trip", Optional.of(token)).ownerToken()).contains(token);
        assertThat(service.view(anonymous(), "trip", Optional.of("x".repeat(32))).ownerToken()).isEmpty();
        assertThat(service.view(anonymous(), "trip", Optional.empty()).ownerToken()).isEmpty();
    }

    @Test
    void aRegisteredUserOwnsTheGalleryAndItIsInTheOwnerIndex() {
        Caller user = new Caller(project, false, Optional.of("u-1"), Optional.of("Ada"), Optional.of(Role.EDITOR),
                Optional.empty());
        var created = service.create(user, new GalleryService.CreateCommand(Optional.of("Notes"), Optional.empty(),
                Optional.of("ignored-because-registered-0001"), List.of()));

        assertThat(created.ownerToken()).isEmpty();
        assertThat(created.gallery().name()).isEqualTo("notes");
        Map<String, AttributeValue> item = stored("notes");
        assertThat(item.get("owner_pk").s()).isEqualTo("P#" + project.projectId() + "#U#u-1");
        assertThat(item.get("added_sk").s()).endsWith("#notes");
        assertThat(item).doesNotContainKey("owner_token_hash");
    }

    @Test
    void twoProjectsMayUseTheSameNameWithoutSeeingEachOther() {
        Project other = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(), ProjectKeys.newSecretKey(),
                "other", List.of());
        Caller otherCaller = new Caller(other, false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        var mine = service.create(anonymous(), new GalleryService.CreateCommand(Optional.of("mine"),
                Optional.of("shared-name"), Optional.empty(), List.of()));
        var theirs = service.create(otherCaller, new GalleryService.CreateCommand(Optional.of("theirs"),
                Optional.of("shared-name"), Optional.empty(), List.of()));

        assertThat(mine.gallery().name()).isEqualTo("shared-name");
        assertThat(theirs.gallery().name()).isEqualTo("shared-name");
        assertThat(service.view(anonymous(), "shared-name", Optional.empty()).gallery().title()).isEqualTo("mine");
        assertThat(service.view(otherCaller, "shared-name", Optional.empty()).gallery().title()).isEqualTo("theirs");
    }

    @Test
    void createsRacingForOneNameLoseNothing() throws Exception {
        int racers = 16;
        CyclicBarrier barrier = new CyclicBarrier(racers);
        List<Future<GalleryService.Result>> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(racers)) {
            for (int i = 0; i < racers; i++) {
                String title = "racer " + i;
                results.add(pool.submit(() -> {
                    barrier.await();
                    return service.create(anonymous(), new GalleryService.CreateCommand(Optional.of(title),
                            Optional.of("contested"), Optional.empty(), List.of()));
                }));
            }
        }
        Set<String> names = new HashSet<>();
        for (var result : results) {
            GalleryService.Result created = result.get();
            names.add(created.gallery().name());
            // Each racer's own gallery is stored under the name it was told, with its own title.
            assertThat(service.view(anonymous(), created.gallery().name(), Optional.empty()).gallery().title())
                    .isEqualTo(created.gallery().title());
        }
        assertThat(names).hasSize(racers).contains("contested");
    }
}
