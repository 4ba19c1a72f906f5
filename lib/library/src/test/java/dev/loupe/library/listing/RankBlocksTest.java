package dev.loupe.library.listing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;

import dev.loupe.auth.ProjectKeys;
import dev.loupe.library.Image;
import dev.loupe.library.ImageSeeds;
import dev.loupe.library.ImageStatus;
import dev.loupe.library.ImageStore;
import dev.loupe.library.LibraryKeys;
import dev.loupe.library.RankBlocks;
import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.DynamoCalls;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Offset pages through the rank blocks ({@link RankBlocks}) against DynamoDB Local: deep pages equal to a plain sort
 * of the same records, with blocks small enough (a leaf of 20) that every page goes down several levels; counters
 * that stay exact under concurrent changes of the same images and repeated writes; and the backfill of images listed
 * before the blocks existed.
 */
@ExtendWith(SharedEmulators.class)
class RankBlocksTest {
    private static final int LEAF = 20;
    private static final DynamoCalls CALLS = new DynamoCalls();
    private static DynamoDbClient dynamo;
    private static String table;
    private static ImageStore store;
    private static ImageListing listing;
    private static RankBlocks ranks;
    /**
     * Two readers, each a listing on a client of its own with its own call counter, so that the pages of
     * {@link #checkEveryOrder} are read two at a time and each page's items read are still its own.
     */
    private static final BlockingQueue<Reader> READERS = new LinkedBlockingQueue<>();
    private static final List<DynamoDbClient> READER_CLIENTS = new ArrayList<>();

    private record Reader(DynamoCalls calls, ImageListing listing) {
    }

    @BeforeAll
    static void provision(Emulators emulators) throws Exception {
        Backend backend = Backend.of(emulators);
        dynamo = CALLS.client(backend);
        try (var sqs = backend.sqs(); var s3 = backend.s3()) {
            table = new Provisioner(dynamo, sqs, s3).provision(Fixtures.loupeTemplate()).tableName("ImagesTable");
        }
        store = new ImageStore(dynamo, table);
        listing = new ImageListing(dynamo, store, LEAF);
        ranks = new RankBlocks(dynamo, table, LEAF);
        for (int r = 0; r < 2; r++) {
            DynamoCalls calls = new DynamoCalls();
            DynamoDbClient client = calls.client(backend);
            READER_CLIENTS.add(client);
            READERS.add(new Reader(calls, new ImageListing(client, new ImageStore(client, table), LEAF)));
        }
    }

    @AfterAll
    static void close() {
        dynamo.close();
        READER_CLIENTS.forEach(DynamoDbClient::close);
    }

    private static ListQuery query(ListSort sort, boolean descending, Set<ImageStatus> statuses,
                                   Set<String> extensions, long page) {
        return new ListQuery(statuses, extensions, Optional.empty(), sort, descending, 7, new ListQuery.Page(page));
    }

    /**
     * Every order both ways, unfiltered, one extension and one status, at pages spread over the whole list: each order
     * and direction checked by one of the two readers.
     */
    private static void checkEveryOrder(String projectId, List<Image> current) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(READERS.size())) {
            List<Future<?>> checks = new ArrayList<>();
            for (ListSort sort : ListSort.values()) {
                for (boolean descending : new boolean[]{false, true}) {
                    checks.add(pool.submit(() -> {
                        Reader reader = READERS.take();
                        try {
                            checkOneOrder(reader, projectId, current, sort, descending);
                        } finally {
                            READERS.add(reader);
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> check : checks) {
                check.get();
            }
        }
    }

    private static void checkOneOrder(Reader reader, String projectId, List<Image> current, ListSort sort,
                                      boolean descending) {
        List<Set<ImageStatus>> statuses = List.of(Set.of(), Set.of(), Set.of(ImageStatus.ARCHIVED));
        List<Set<String>> extensions = List.of(Set.of(), Set.of("png"), Set.of());
        for (int f = 0; f < statuses.size(); f++) {
            ListQuery base = query(sort, descending, statuses.get(f), extensions.get(f), 0);
            List<String> want = ImageListingTest.expected(current, base);
            long pages = (want.size() + 6) / 7;
            for (long number : new long[]{1, pages / 2, pages - 1, pages}) {
                ListQuery q = query(sort, descending, statuses.get(f), extensions.get(f), number);
                reader.calls().reset();
                ListPage page = reader.listing().list(projectId, q);
                int from = (int) Math.min(want.size(), number * 7);
                assertThat(page.images().stream().map(Image::imageId).toList())
                        .as("page %d of %s", number, q)
                        .isEqualTo(want.subList(from, Math.min(want.size(), from + 7)));
                assertThat(page.total()).isEqualTo(want.size());
                if (number > 0 && from < want.size()) {
                    // Keys are read inside one block (a leaf of 20, read from up to 12 buckets), not skipped.
                    assertThat(reader.calls().snapshot().itemsRead()).as("items read for page %d of %s", number, q)
                            .isLessThan(Math.min(from, 12L * (LEAF + 8)) + 200);
                }
            }
        }
    }

    @Test
    void deepOffsetsEqualAStraightRead() throws Exception {
        String projectId = ProjectKeys.newProjectId();
        List<Image> images = ImageSeeds.generate(projectId, 600, 11);
        ImageSeeds.write(dynamo, table, images, 2, done -> { });
        assertThat(ranks.stored(projectId)).isEqualTo(RankBlocks.expected(projectId, images));
        checkEveryOrder(projectId, images);
    }

    @Test
    void countersStayExactUnderConcurrentChangesAndRepeatedWrites() throws Exception {
        String projectId = ProjectKeys.newProjectId();
        List<Image> images = ImageSeeds.generate(projectId, 120, 12);
        ImageSeeds.write(dynamo, table, images, 2, done -> { });
        // Four writers change the same 30 images at once (renames, archive and restore, deletes), each re-reading and
        // retrying when another got there first, as the services do.
        List<String> ids = images.subList(0, 30).stream().map(Image::imageId).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                Random random = new Random(w);
                writers.add(pool.submit(() -> {
                    for (int n = 0; n < 40; n++) {
                        String id = ids.get(random.nextInt(ids.size()));
                        while (true) {
                            Image before = store.find(projectId, id).orElseThrow();
                            if (!before.status().listed()) {
                                break;
                            }
                            int change = random.nextInt(10);
                            Image after = before.toBuilder().modified(before.modified().plusMillis(1 + random.nextInt(
                                            100_000_000)))
                                    .fileName(change < 5 ? "renamed " + random.nextInt(1000) + ".png" : before.fileName())
                                    .status(change == 9 ? ImageStatus.DELETED : change >= 7
                                            ? (before.status() == ImageStatus.ACTIVE ? ImageStatus.ARCHIVED
                                            : ImageStatus.ACTIVE) : before.status())
                                    .build();
                            if (store.replace(before, after)) {
                                // The same write again (a retry after a lost answer) finds the version moved on.
                                assertThat(store.replace(before, after)).isFalse();
                                break;
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        }
        List<Image> current = store.findAll(projectId, images.stream().map(Image::imageId).toList()).stream()
                .filter(i -> i.status().listed()).toList();
        assertThat(current.size()).isLessThan(images.size());
        assertThat(ranks.stored(projectId)).isEqualTo(RankBlocks.expected(projectId, current));
        checkEveryOrder(projectId, current);
    }

    @Test
    void backfillCountsImagesListedBeforeRankBlocks() throws Exception {
        String projectId = ProjectKeys.newProjectId();
        List<Image> images = ImageSeeds.generate(projectId, 150, 13);
        // As a deployment before rank blocks left them: the images and their bucket counters, nothing else. Put 25 to
        // a call and counted in one ADD per bucket: the state is what an image at a time left, in far fewer calls.
        Map<String, Long> buckets = new java.util.TreeMap<>();
        List<WriteRequest> puts = new ArrayList<>();
        for (Image image : images) {
            Map<String, AttributeValue> item = new java.util.HashMap<>(ImageSeeds.attributes(image));
            item.remove(RankBlocks.COUNTED);
            puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            buckets.merge(LibraryKeys.counterAttribute(image.status(), image.extension()), 1L, Long::sum);
        }
        for (int from = 0; from < puts.size(); from += 25) {
            Map<String, List<WriteRequest>> pending = Map.of(table, puts.subList(from, Math.min(puts.size(),
                    from + 25)));
            while (!pending.isEmpty()) {
                var asked = pending;
                var response = dynamo.batchWriteItem(r -> r.requestItems(asked));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
        Map<String, String> names = new java.util.HashMap<>();
        Map<String, AttributeValue> values = new java.util.HashMap<>();
        List<String> adds = new ArrayList<>();
        buckets.forEach((bucket, n) -> {
            names.put("#c" + adds.size(), bucket);
            values.put(":n" + adds.size(), AttributeValue.fromN(Long.toString(n)));
            adds.add("#c" + adds.size() + " :n" + adds.size());
        });
        dynamo.updateItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(LibraryKeys.countsPk(projectId)),
                        "sk", AttributeValue.fromS(LibraryKeys.COUNTS_SK)))
                .updateExpression("ADD " + String.join(", ", adds))
                .expressionAttributeNames(names).expressionAttributeValues(values));
        // Pages are right without the blocks (the slow way), and a change of one uncounted image counts it alone.
        checkOrder(projectId, images);
        Image first = images.getFirst();
        Image renamed = first.toBuilder().fileName("zz renamed.jpg").modified(Instant.parse("2027-01-01T00:00:00Z"))
                .build();
        assertThat(store.replace(first, renamed)).isTrue();
        List<Image> current = new ArrayList<>(store.findAll(projectId, images.stream().map(Image::imageId).toList()));
        assertThat(ranks.stored(projectId)).isEqualTo(RankBlocks.expected(projectId, List.of(current.getFirst())));

        assertThat(dev.loupe.library.RankBackfill.projects(dynamo, table)).as("the command's projects").contains(projectId);
        assertThat(ranks.backfill(projectId)).isEqualTo(images.size() - 1);
        assertThat(ranks.backfill(projectId)).as("a second run finds nothing to count").isZero();
        assertThat(ranks.stored(projectId)).isEqualTo(RankBlocks.expected(projectId, current));
        checkEveryOrder(projectId, current);
    }

    private static void checkOrder(String projectId, List<Image> images) {
        ListQuery q = query(ListSort.NAME, false, Set.of(), Set.of(), 10);
        List<String> want = ImageListingTest.expected(images, q);
        assertThat(listing.list(projectId, q).images().stream().map(Image::imageId).toList())
                .isEqualTo(want.subList(70, 77));
    }
}
