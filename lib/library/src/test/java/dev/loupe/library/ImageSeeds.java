package dev.loupe.library;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Many listed images at once, for listing tests and the listing benchmark: records as {@link ImageStore} writes them
 * (its own mapping, so every index attribute is what a real write leaves), put 25 to a BatchWriteItem call on several
 * threads, the counters item raised by what was written, and the rank blocks and the word index of names as the
 * images' own writes and the stream's consumer keep them. Ingesting 100,000 images for real would take hours.
 */
public final class ImageSeeds {
    private static final String[] WORDS = {"sunset", "Harbour", "mountain", "city", "portrait", "Sun", "beach",
            "forest", "logo", "banner", "étoile", "Zürich", "日本", "night", "river", "snow", "a", "b", "team", "😀", "ｌｏｇｏ"};
    private static final Person[] PEOPLE = {new Person("u1", "Ada Lovelace"), new Person("u2", "alan turing"),
            new Person("u3", "Grace Hopper"), new Person("u4", "Ada Lovelace"), new Person("u5", "Émile Borel"),
            Person.PROJECT, new Person("u7", "Zoë")};
    private static final String[] EXTENSIONS = {"jpg", "jpg", "jpg", "png", "png", "gif", "webp", "tiff", "bmp"};
    private static final Instant EPOCH = Instant.parse("2023-01-01T00:00:00Z");

    /** The rank block counts each table and project was seeded with ("table project" to RankBlocks.expected's form). */
    private static final Map<String, Map<String, Map<String, Long>>> SEEDED_RANKS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The token counters each table and project was seeded with ("table project" to counter pk to bucket counts). */
    private static final Map<String, Map<String, Map<String, Long>>> SEEDED_WORDS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private ImageSeeds() {
    }

    /**
     * {@code n} listed images of a project, varied in what the listing sorts and filters by: names (mixed case, accents,
     * CJK, an emoji, repeats), creators (two with one name), statuses (about 70% active), extensions, and times
     * (some equal, so that the id decides).
     */
    public static List<Image> generate(String projectId, int n, long seed) {
        Random random = new Random(seed);
        List<Image> images = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String extension = EXTENSIONS[random.nextInt(EXTENSIONS.length)];
            String name = WORDS[random.nextInt(WORDS.length)]
                    + (random.nextInt(4) == 0 ? "" : " " + WORDS[random.nextInt(WORDS.length)])
                    + (random.nextInt(3) == 0 ? "" : "_" + random.nextInt(50)) + "." + extension;
            Instant created = random.nextInt(10) == 0 ? EPOCH
                    : EPOCH.plus(random.nextLong(3L * 365 * 24 * 3600 * 1000), ChronoUnit.MILLIS);
            Instant modified = random.nextInt(5) == 0 ? created
                    : created.plus(random.nextLong(90L * 24 * 3600 * 1000), ChronoUnit.MILLIS);
            Person creator = PEOPLE[random.nextInt(PEOPLE.length)];
            String imageId = new UUID(random.nextLong(), random.nextLong()).toString();
            images.add(new Image.Builder().projectId(projectId).imageId(imageId).fileName(name)
                    .description("seeded").status(random.nextInt(10) < 7 ? ImageStatus.ACTIVE : ImageStatus.ARCHIVED)
                    .extension(extension).width(100 + random.nextInt(4000)).height(100 + random.nextInt(3000))
                    .pages(1).fileSize(1_000 + random.nextInt(5_000_000)).md5("0".repeat(32))
                    .objectKey(LibraryKeys.originalKey(projectId, imageId, name)).thumbnailSizes(List.of(150))
                    .createdBy(creator).modifiedBy(PEOPLE[random.nextInt(PEOPLE.length)])
                    .created(created).modified(modified).version(2).build());
        }
        return images;
    }

    /**
     * Writes listed images and adds them to their projects' counters and their folders' counts (the folders must
     * exist); {@code progress} hears the running count now and
     * then. Returns when everything is written.
     */
    public static void write(DynamoDbClient dynamo, String table, List<Image> images, int threads,
                             LongConsumer progress) throws Exception {
        Map<String, Map<String, Long>> counts = new HashMap<>();
        for (Image image : images) {
            if (!image.status().listed()) {
                throw new IllegalArgumentException("seeds are listed images: " + image.status());
            }
            counts.computeIfAbsent(image.projectId(), p -> new HashMap<>())
                    .merge(LibraryKeys.counterAttribute(image.status(), image.extension()), 1L, Long::sum);
        }
        // The word index's entries (ImageWordIndex) before the images: where the stream's consumer runs (the local
        // cloud), it then finds each image's entries there already and writes nothing.
        List<Map<String, AttributeValue>> wordItems = new ArrayList<>();
        for (Image image : images) {
            wordItems.addAll(ImageWordIndex.entries(image));
        }
        putAll(dynamo, table, wordItems, threads);
        AtomicLong written = new AtomicLong();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> batches = new ArrayList<>();
            for (int from = 0; from < images.size(); from += 25) {
                List<Image> batch = images.subList(from, Math.min(images.size(), from + 25));
                batches.add(pool.submit(() -> {
                    writeBatch(dynamo, table, batch);
                    long done = written.addAndGet(batch.size());
                    if (done % 5_000 < batch.size()) {
                        progress.accept(done);
                    }
                    return null;
                }));
            }
            for (Future<?> batch : batches) {
                batch.get();
            }
        }
        // The rank blocks (RankBlocks), as the images' own writes keep them. Written whole (25 items to a call, far
        // faster than an ADD each at 100,000 images) from every image seeded into the project in this JVM: a
        // project is seeded before any other write to it (or only through here).
        Map<String, Map<String, Long>> touched = new HashMap<>();
        for (Image image : images) {
            String project = table + " " + image.projectId();
            Map<String, Map<String, Long>> seeded = SEEDED_RANKS.computeIfAbsent(project, p -> new HashMap<>());
            RankBlocks.expected(image.projectId(), List.of(image)).forEach((key, byBucket) -> {
                Map<String, Long> blockCounts = seeded.computeIfAbsent(key, k -> new HashMap<>());
                byBucket.forEach((bucket, n) -> blockCounts.merge(bucket, n, Long::sum));
                touched.put(key, blockCounts);
            });
        }
        List<Map<String, AttributeValue>> rankItems = new ArrayList<>();
        touched.forEach((key, blockCounts) -> {
            Map<String, AttributeValue> item = new HashMap<>();
            int space = key.indexOf(' ');
            item.put("pk", AttributeValue.fromS(key.substring(0, space)));
            item.put("sk", AttributeValue.fromS(key.substring(space + 1)));
            blockCounts.forEach((bucket, n) -> item.put(bucket, AttributeValue.fromN(Long.toString(n))));
            rankItems.add(item);
        });
        // The word index's token counters, whole, from every image seeded into the project in this JVM, as the rank
        // blocks are.
        Map<String, Map<String, Long>> touchedWords = new HashMap<>();
        for (Image image : images) {
            Map<String, Map<String, Long>> seeded = SEEDED_WORDS.computeIfAbsent(table + " " + image.projectId(),
                    p -> new HashMap<>());
            ImageWordIndex.expectedCounts(List.of(image)).forEach((pk, byBucket) -> {
                Map<String, Long> tokenCounts = seeded.computeIfAbsent(pk, k -> new HashMap<>());
                byBucket.forEach((bucket, n) -> tokenCounts.merge(bucket, n, Long::sum));
                touchedWords.put(pk, tokenCounts);
            });
        }
        List<Map<String, AttributeValue>> wordCounters = new ArrayList<>();
        touchedWords.forEach((pk, tokenCounts) -> {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", AttributeValue.fromS(pk));
            item.put("sk", AttributeValue.fromS(LibraryKeys.WORD_COUNT_SK));
            tokenCounts.forEach((bucket, n) -> item.put(bucket, AttributeValue.fromN(Long.toString(n))));
            wordCounters.add(item);
        });
        putAll(dynamo, table, rankItems, threads);
        // The token counters last, whole: the stream's consumer found every entry there already and added nothing.
        putAll(dynamo, table, wordCounters, threads);
        // The folders' counts, as the images' own writes raise them (ImageStore.replace): only into a folder that
        // exists.
        Map<List<String>, Long> inFolders = new HashMap<>();
        for (Image image : images) {
            image.folderId().ifPresent(folderId -> inFolders.merge(List.of(image.projectId(), folderId), 1L,
                    Long::sum));
        }
        inFolders.forEach((folder, n) -> dynamo.updateItem(r -> r.tableName(table)
                .key(ImageStore.key(LibraryKeys.foldersPk(folder.get(0)), LibraryKeys.folderSk(folder.get(1))))
                .updateExpression("ADD image_count :n").conditionExpression("attribute_exists(#name)")
                .expressionAttributeNames(Map.of("#name", "name"))
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Long.toString(n))))));
        counts.forEach((projectId, deltas) -> {
            StringBuilder expression = new StringBuilder("ADD ");
            Map<String, String> names = new HashMap<>();
            Map<String, AttributeValue> values = new HashMap<>();
            int i = 0;
            for (var delta : deltas.entrySet()) {
                expression.append(i > 0 ? ", " : "").append("#c").append(i).append(" :d").append(i);
                names.put("#c" + i, delta.getKey());
                values.put(":d" + i, AttributeValue.fromN(Long.toString(delta.getValue())));
                i++;
            }
            dynamo.updateItem(r -> r.tableName(table)
                    .key(ImageStore.key(LibraryKeys.countsPk(projectId), LibraryKeys.COUNTS_SK))
                    .updateExpression(expression.toString())
                    .expressionAttributeNames(names).expressionAttributeValues(values));
        });
    }

    private static void putAll(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> items,
                               int threads) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> puts = new ArrayList<>();
            for (int from = 0; from < items.size(); from += 25) {
                List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + 25)).stream()
                        .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build())
                                .build()).toList();
                puts.add(pool.submit(() -> {
                    writeRequests(dynamo, table, batch);
                    return null;
                }));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        }
    }

    /** An image's item as {@link ImageStore} stores it. */
    public static Map<String, AttributeValue> attributes(Image image) {
        return ImageStore.toAttributes(image);
    }

    private static void writeBatch(DynamoDbClient dynamo, String table, List<Image> batch) throws InterruptedException {
        writeRequests(dynamo, table, batch.stream().map(image -> WriteRequest.builder()
                .putRequest(PutRequest.builder().item(ImageStore.toAttributes(image)).build()).build()).toList());
    }

    private static void writeRequests(DynamoDbClient dynamo, String table, List<WriteRequest> requests)
            throws InterruptedException {
        Map<String, List<WriteRequest>> pending = Map.of(table, requests);
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > 0) {
                Thread.sleep(Math.min(1_000, 20L << Math.min(attempt, 6)));
            }
            var asked = pending;
            var response = dynamo.batchWriteItem(r -> r.requestItems(asked));
            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
    }
}
