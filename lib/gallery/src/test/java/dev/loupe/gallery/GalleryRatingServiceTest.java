package dev.loupe.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.loupe.auth.Caller;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.Role;
import dev.loupe.core.dynamo.StarRatings;
import dev.loupe.core.http.ApiError;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.ImageService;
import dev.loupe.library.ImageStore;
import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Gallery ratings at the store level, on DynamoDB Local with template.yaml's table: a crowd of raters behind a
 * barrier keeps the tally exact, and the top-rated index follows the galleries' listing.
 */
@ExtendWith(SharedEmulators.class)
class GalleryRatingServiceTest {
    private static DynamoDbClient dynamoDb;
    private static String table;
    private static GalleryService galleries;
    private static GalleryRatingService ratings;
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
        ImageStore images = new ImageStore(dynamoDb, provisioned.tableName("ImagesTable"));
        GalleryStore store = new GalleryStore(dynamoDb, table);
        galleries = new GalleryService(store, images,
                new ImageService(images, new ImageObjects(null, "unused"), Clock.systemUTC()), Clock.systemUTC());
        ratings = new GalleryRatingService(galleries, store, new GalleryRatings(dynamoDb, table, Clock.systemUTC()));
    }

    @AfterAll
    static void close() {
        dynamoDb.close();
    }

    @Test
    void aHundredUsersAtOnceThenChangesAndRemovalsAtOnceKeepTheTallyExact() throws Exception {
        galleries.create(user("owner"), named("crowd"));
        int raters = 100;
        ExecutorService pool = Executors.newFixedThreadPool(raters);
        try {
            CyclicBarrier start = new CyclicBarrier(raters);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < raters; i++) {
                int stars = 1 + i % 5;
                Caller rater = user("r" + i);
                done.add(pool.submit(() -> {
                    start.await();
                    return ratings.rate(rater, "crowd", GalleryService.Access.NONE, stars);
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            // 20 of each of 1..5 stars: 300.
            assertThat(tally("crowd")).isEqualTo(new StarRatings.Tally(100, 300));

            // 20 change to 5 stars, 10 remove theirs, each of them twice at once with itself.
            CyclicBarrier again = new CyclicBarrier(2 * 30);
            done.clear();
            for (int i = 0; i < 30; i++) {
                Caller rater = user("r" + i);
                boolean remove = i >= 20;
                for (int twice = 0; twice < 2; twice++) {
                    done.add(pool.submit(() -> {
                        again.await();
                        return remove ? ratings.unrate(rater, "crowd", GalleryService.Access.NONE)
                                : ratings.rate(rater, "crowd", GalleryService.Access.NONE, 5);
                    }));
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
            long expectedSum = 20 * 5;
            for (int i = 30; i < 100; i++) {
                expectedSum += 1 + i % 5;
            }
            assertThat(tally("crowd")).isEqualTo(new StarRatings.Tally(90, expectedSum));
            Gallery seen = galleries.visible(user("r1"), "crowd", GalleryService.Access.NONE);
            assertThat(ratings.starsOf(seen, Optional.of("r1"))).contains(5);
            assertThat(ratings.starsOf(seen, Optional.of("r25"))).isEmpty();
            assertThat(seen.ratings()).isEqualTo(new StarRatings.Tally(90, expectedSum));
            // The score is the last committed tally's.
            assertThat(Double.parseDouble(tallyItem("crowd").get("top_score").n()))
                    .isEqualTo(GalleryRatings.score(new StarRatings.Tally(90, expectedSum)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void topRatedRanksByBayesianAverageAndHoldsOnlyListedGalleries() {
        Caller owner = user("owner");
        for (String name : List.of("one-five", "many-good", "closed", "middling")) {
            galleries.create(owner, named(name));
        }
        ratings.rate(user("a"), "one-five", GalleryService.Access.NONE, 5);
        for (int i = 0; i < 10; i++) {
            ratings.rate(user("m" + i), "many-good", GalleryService.Access.NONE, i < 5 ? 5 : 4);
            ratings.rate(user("m" + i), "middling", GalleryService.Access.NONE, 3);
        }
        ratings.rate(user("a"), "closed", GalleryService.Access.NONE, 5);
        ratings.rate(user("b"), "closed", GalleryService.Access.NONE, 5);
        galleries.edit(owner, "closed", Optional.empty(), new GalleryService.EditCommand(Optional.empty(), List.of(),
                settings(Security.PRIVATE)));

        assertThat(names(ratings.topRated(project.projectId(), Optional.empty(), 10)))
                .containsExactly("many-good", "one-five", "middling");
        // Paged one at a time, the same order.
        List<String> paged = new ArrayList<>();
        Optional<String> next = Optional.empty();
        do {
            var page = ratings.topRated(project.projectId(), next, 1);
            paged.addAll(names(page));
            next = page.next();
        } while (next.isPresent());
        assertThat(paged).containsExactly("many-good", "one-five", "middling");

        // Public again: back in the list with its ratings; a removed last rating leaves it.
        galleries.edit(owner, "closed", Optional.empty(), new GalleryService.EditCommand(Optional.empty(), List.of(),
                settings(Security.PUBLIC)));
        // Two 5-star ratings (3.57) rank above one (3.33), below ten averaging 4.5 (4.0).
        assertThat(names(ratings.topRated(project.projectId(), Optional.empty(), 10)))
                .containsExactly("many-good", "closed", "one-five", "middling");
        ratings.unrate(user("a"), "one-five", GalleryService.Access.NONE);
        assertThat(names(ratings.topRated(project.projectId(), Optional.empty(), 10)))
                .containsExactly("many-good", "closed", "middling");

        // A private gallery is not there for raters (404), only for its owner.
        galleries.edit(owner, "closed", Optional.empty(), new GalleryService.EditCommand(Optional.empty(), List.of(),
                settings(Security.PRIVATE)));
        refused(() -> ratings.rate(user("c"), "closed", GalleryService.Access.NONE, 4), 404, "not_exist");
        assertThat(ratings.rate(owner, "closed", GalleryService.Access.NONE, 4).tally())
                .isEqualTo(new StarRatings.Tally(3, 14));
        assertThat(names(ratings.topRated(project.projectId(), Optional.empty(), 10))).doesNotContain("closed");
    }

    @Test
    void aDeletedGallerysRatingsDoNotFollowItsNameAndOnlyRegisteredUsersRate() {
        Caller owner = user("owner");
        galleries.create(owner, named("again"));
        ratings.rate(user("a"), "again", GalleryService.Access.NONE, 2);
        Instant deletedAt = Instant.now();
        galleries.delete(owner, "again", Optional.empty());
        // A gallery's ratings are keyed by its name and its creation second (GalleryKeys): a name re-created within
        // the same second would find the old ratings. Known limit (docs/DESIGN.md, "Ratings"); this test is about
        // a later re-creation.
        while (Instant.now().getEpochSecond() == deletedAt.getEpochSecond()) {
            Thread.onSpinWait();
        }
        galleries.create(owner, named("again"));
        assertThat(galleries.visible(owner, "again", GalleryService.Access.NONE).ratings())
                .isEqualTo(StarRatings.Tally.NONE);
        // The same user rates the new gallery as a first rating, not as a change of the old one.
        assertThat(ratings.rate(user("a"), "again", GalleryService.Access.NONE, 4).tally())
                .isEqualTo(new StarRatings.Tally(1, 4));

        Caller browser = new Caller(project, true, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        refused(() -> ratings.rate(browser, "again", GalleryService.Access.NONE, 4), 401, "login_required");
        refused(() -> ratings.rate(user("a"), "again", GalleryService.Access.NONE, 6), 400, "bad_parameter_stars");
        Project other = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), "other", List.of());
        refused(() -> ratings.rate(new Caller(other, false, Optional.of("a"), Optional.empty(), Optional.of(Role.VIEWER),
                Optional.empty()), "again", GalleryService.Access.NONE, 4), 404, "not_exist");
    }

    private StarRatings.Tally tally(String name) {
        return StarRatings.Tally.of(tallyItem(name));
    }

    private Map<String, AttributeValue> tallyItem(String name) {
        return dynamoDb.getItem(g -> g.tableName(table).consistentRead(true)
                .key(GalleryKeys.tallyKeyMap(project.projectId(), name))).item();
    }

    private static List<String> names(GalleryRatingService.TopPage page) {
        return page.galleries().stream().map(Gallery::name).toList();
    }

    private static GalleryService.Settings settings(Security security) {
        GalleryService.Settings none = GalleryService.Settings.NONE;
        return new GalleryService.Settings(none.description(), Optional.of(security), none.password(),
                none.interval(), none.transition(), none.loop(), none.shuffle(), none.captionsShown(), none.theme(),
                none.cover(), none.captions());
    }

    private Caller user(String id) {
        return new Caller(project, false, Optional.of(id), Optional.of("name " + id), Optional.of(Role.VIEWER),
                Optional.empty());
    }

    private static GalleryService.CreateCommand named(String name) {
        return new GalleryService.CreateCommand(Optional.of("Title " + name), Optional.of(name), Optional.empty(),
                List.of());
    }

    private static void refused(Runnable call, int status, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.status()).isEqualTo(status);
        });
    }
}
