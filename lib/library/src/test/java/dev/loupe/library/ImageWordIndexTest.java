package dev.loupe.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import dev.loupe.auth.ProjectKeys;
import dev.loupe.core.text.SearchWords;
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

/**
 * The word index of names kept from stream records (as {@code IndexImageWords} hands them over), against DynamoDB
 * Local: after every change in order, after every record delivered again, late and out of order, and after the
 * image's removal, its entries and every token's counters are exactly what the image as it is now should have.
 */
@ExtendWith(SharedEmulators.class)
class ImageWordIndexTest {
    private static DynamoDbClient dynamo;
    private static String table;
    private static ImageStore store;
    private static ImageWordIndex index;

    @BeforeAll
    static void provision(Emulators emulators) throws Exception {
        Backend backend = Backend.of(emulators);
        dynamo = backend.dynamoDb();
        try (var sqs = backend.sqs(); var s3 = backend.s3()) {
            table = new Provisioner(dynamo, sqs, s3).provision(Fixtures.loupeTemplate()).tableName("ImagesTable");
        }
        store = new ImageStore(dynamo, table);
        index = new ImageWordIndex(dynamo, table);
    }

    @AfterAll
    static void close() {
        dynamo.close();
    }

    /** A stream record: the item before and after. */
    private record Record(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
    }

    @Test
    void recordsInOrderRedeliveredAndOutOfOrderLeaveExactlyTheCurrentImagesEntries() {
        String project = ProjectKeys.newProjectId();
        String imageId = UUID.randomUUID().toString();
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        Image v1 = new Image.Builder().projectId(project).imageId(imageId).fileName("Sunset Étoile_12.jpg")
                .status(ImageStatus.PENDING).extension("jpg").md5("0".repeat(32))
                .objectKey(LibraryKeys.originalKey(project, imageId, "x.jpg")).createdBy(Person.PROJECT)
                .modifiedBy(Person.PROJECT).created(t).modified(t).version(1).build();
        assertThat(store.putPending(v1)).isTrue();
        List<Image> versions = new ArrayList<>(List.of(v1));
        List<Record> records = new ArrayList<>();
        records.add(new Record(null, ImageStore.toAttributes(v1)));
        Set<String> everyToken = new HashSet<>();
        // Listed; renamed (other words, other extension); archived (another bucket, same words); renamed back.
        List<Image> changes = List.of(
                v1.toBuilder().status(ImageStatus.ACTIVE).modified(t.plusSeconds(1)).build(),
                v1.toBuilder().status(ImageStatus.ACTIVE).fileName("mountain snow.png").extension("png")
                        .modified(t.plusSeconds(2)).build(),
                v1.toBuilder().status(ImageStatus.ARCHIVED).fileName("mountain snow.png").extension("png")
                        .modified(t.plusSeconds(3)).build(),
                v1.toBuilder().status(ImageStatus.ACTIVE).fileName("sunset river.jpg").modified(t.plusSeconds(3))
                        .build());
        check(project, versions.getLast(), everyToken);
        for (Image change : changes) {
            Image before = versions.getLast();
            assertThat(store.replace(before, change)).isTrue();
            Image stored = change.toBuilder().version(before.version() + 1).build();
            versions.add(stored);
            Record record = new Record(ImageStore.toAttributes(before), ImageStore.toAttributes(stored));
            records.add(record);
            everyToken.addAll(SearchWords.tokens(stored.fileName(), ImageWordIndex.MAX_TOKENS));
            index.index(record.before(), record.after());
            check(project, stored, everyToken);
            // The same record again: nothing changes.
            assertThat(index.index(record.before(), record.after())).isEqualTo(new ImageWordIndex.Applied(0, 0, 0));
            check(project, stored, everyToken);
        }
        // Every record again, late, in shuffled orders and twice: the index stays the current image's.
        Random random = new Random(7);
        for (int round = 0; round < 3; round++) {
            List<Record> shuffled = new ArrayList<>(records);
            shuffled.addAll(records);
            Collections.shuffle(shuffled, random);
            shuffled.forEach(r -> index.index(r.before(), r.after()));
            check(project, versions.getLast(), everyToken);
        }
        // The image removed: its entries and its counts go, and a late record of an older version brings none back.
        Map<String, AttributeValue> last = ImageStore.toAttributes(versions.getLast());
        dynamo.deleteItem(d -> d.tableName(table).key(ImageStore.key(last.get("pk").s(), LibraryKeys.IMAGE_SK)));
        index.index(last, null);
        index.index(records.get(2).before(), records.get(2).after());
        check(project, null, everyToken);
    }

    @Test
    void theBackfillIndexesImagesWrittenBeforeTheIndexAndCanRunAgain() {
        String project = ProjectKeys.newProjectId();
        List<Image> images = ImageSeeds.generate(project, 30, 11);
        for (Image image : images) {
            dynamo.putItem(p -> p.tableName(table).item(ImageStore.toAttributes(image)));
        }
        assertThat(index.backfill(project)).isEqualTo(images.stream()
                .filter(i -> !SearchWords.tokens(i.fileName(), ImageWordIndex.MAX_TOKENS).isEmpty()).count());
        assertThat(index.backfill(project)).as("a second run has nothing to do").isZero();
        Set<String> tokens = new HashSet<>();
        images.forEach(i -> tokens.addAll(SearchWords.tokens(i.fileName(), ImageWordIndex.MAX_TOKENS)));
        Map<String, Map<String, Long>> expected = ImageWordIndex.expectedCounts(images);
        for (String token : tokens) {
            assertThat(index.counts(project, token)).as("counts of %s", token)
                    .isEqualTo(expected.get(LibraryKeys.wordCountPk(project, token)));
            assertThat(index.all(project, token)).hasSize(expected.get(LibraryKeys.wordCountPk(project, token))
                    .values().stream().mapToInt(Long::intValue).sum());
        }
    }

    /** The index holds the entries of {@code current} (none when null) and counts exactly them, for every token seen. */
    private static void check(String project, Image current, Set<String> everyToken) {
        Map<String, Map<String, AttributeValue>> want = current == null ? Map.of() : ImageWordIndex.entryItems(current);
        Set<String> tokens = new HashSet<>(everyToken);
        want.keySet().forEach(k -> tokens.add(k.substring(0, k.indexOf('\n'))));
        Map<String, String> stored = new HashMap<>();
        for (String token : tokens) {
            for (ImageWordIndex.Entry entry : index.all(project, token)) {
                stored.put(token + "\n" + entry.sk(), entry.bucket());
            }
            Map<String, Long> counts = new HashMap<>(index.counts(project, token));
            counts.values().removeIf(n -> n == 0);
            Map<String, Long> wantCounts = new HashMap<>();
            want.forEach((key, item) -> {
                if (key.startsWith(token + "\n")) {
                    wantCounts.merge(item.get(ImageWordIndex.BUCKET).s(), 1L, Long::sum);
                }
            });
            assertThat(counts).as("counters of %s", token).isEqualTo(wantCounts);
        }
        Map<String, String> wanted = new HashMap<>();
        want.forEach((key, item) -> wanted.put(key, item.get(ImageWordIndex.BUCKET).s()));
        assertThat(stored).as("entries").isEqualTo(wanted);
    }
}
