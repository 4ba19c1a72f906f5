package dev.loupe.library;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Rank blocks: how many listed images of each bucket have a sort value that begins with a given prefix, for every
 * listing order and a ladder of prefix lengths per field of its sort value ({@link #chain}), so that an offset page
 * finds the block it starts in by reading counters, coarse to fine, and reads keys inside one block only
 * (docs/DESIGN.md, "Rank blocks").
 *
 * <p>The blocks are a function of the sort value alone (its prefixes), never of the other images: a block
 * is never split or recounted, and every change is an exact ADD of -1 and +1 made in the same transaction as the
 * image's own conditional write ({@link ImageStore#replace}). So the counts are exact at every moment, a retried or
 * repeated write cannot count twice (its version condition fails), and they agree with the bucket counters, which
 * move in the same transaction. An image whose prefixes are counted carries {@value #COUNTED}; one listed before rank
 * blocks existed does not, until {@link #backfill} or its next change counts it.
 */
public final class RankBlocks {
    /** The index sort attributes (each listing order's; status and extension orders use {@code s_modified}). */
    public static final List<String> SORT_ATTRIBUTES = List.of("s_name", "s_createdby", "s_created", "s_modified");
    /**
     * What each order's sort value is made of, field by field ({@link LibraryKeys#SEPARATOR} between them), and the
     * prefix lengths (code points) counted in each field, coarse to fine: a name or a creator's name at 1, 3, 6 and 10
     * characters; a time ({@code 2026-11-23T10:15:30.123Z}) at its month, day and hour; and the image id's first two
     * characters after the whole of the fields before it, so that equal names or times are cut 256 ways by the random
     * id whatever their length. A field shorter than a length stops its ladder there (a name of 4 characters counts
     * at 1 and 3, then the name with its id). A name is 5 counter items at most, a time 4, a creator 8: a new image
     * is at most 21 counter ADDs in its transaction, a change at most 42 (docs/DESIGN.md, "Rank blocks", for why these
     * lengths).
     */
    static final int[] TEXT = {1, 3, 6, 10};
    static final int[] TIME = {7, 10, 13};
    static final int[] ID = {2};
    private static final Map<String, List<int[]>> FIELDS = Map.of(
            "s_name", List.of(TEXT, ID),
            "s_createdby", List.of(TEXT, TIME, ID),
            "s_created", List.of(TIME, ID),
            "s_modified", List.of(TIME, ID));

    /**
     * A block of at most this many keys (in the partitions a page reads) is read key by key rather than split by the
     * next level; the last level's blocks are read whatever their size.
     */
    public static final long LEAF = 500;
    public static final String COUNTED = "rank_counted";

    private final DynamoDbClient dynamo;
    private final String table;
    private final long leaf;

    public RankBlocks(DynamoDbClient dynamo, String table) {
        this(dynamo, table, LEAF);
    }

    /** @param leaf the block size read key by key ({@link #LEAF}; tests make it small to reach the finer levels) */
    public RankBlocks(DynamoDbClient dynamo, String table, long leaf) {
        this.dynamo = dynamo;
        this.table = table;
        this.leaf = leaf;
    }

    /** One counter item: a level's prefix and its count per bucket. */
    record Key(String attribute, int level, String prefix) {
    }

    /**
     * Where an offset lands: the block (its prefix) and how many of the block's keys, in the partitions read, come
     * before the page's first.
     *
     * @param counts the block's count per bucket counter attribute
     */
    public record Landing(String prefix, long within, Map<String, Long> counts) {
    }

    // ---------------------------------------------------------------- writes

    /**
     * The counter changes of one image change: -1 for every prefix of {@code counted} (an image whose prefixes were
     * counted), +1 for every prefix of {@code next} (if listed), netted per item and bucket.
     */
    static Map<Key, Map<String, Long>> deltas(Optional<Image> counted, Optional<Image> next) {
        Map<Key, Map<String, Long>> deltas = new HashMap<>();
        counted.filter(i -> i.status().listed()).ifPresent(i -> add(deltas, i, -1));
        next.filter(i -> i.status().listed()).ifPresent(i -> add(deltas, i, 1));
        deltas.values().forEach(m -> m.values().removeIf(d -> d == 0));
        deltas.values().removeIf(Map::isEmpty);
        return deltas;
    }

    private static void add(Map<Key, Map<String, Long>> deltas, Image image, long delta) {
        ImageStore.Item item = ImageStore.toItem(image);
        String bucket = LibraryKeys.counterAttribute(image.status(), image.extension());
        List<String> values = List.of(item.sName, item.sCreatedBy, item.sCreated, item.sModified);
        for (int a = 0; a < SORT_ATTRIBUTES.size(); a++) {
            List<String> chain = chain(FIELDS.get(SORT_ATTRIBUTES.get(a)), values.get(a));
            for (int level = 1; level <= chain.size(); level++) {
                deltas.computeIfAbsent(new Key(SORT_ATTRIBUTES.get(a), level, chain.get(level - 1)),
                        k -> new HashMap<>()).merge(bucket, delta, Long::sum);
            }
        }
    }

    /**
     * The blocks one sort value is counted in, coarse to fine (level 1 first): for each field, its prefixes at the
     * field's lengths that it reaches, each after the whole of the fields before it. Every value of an order has the
     * same fields, so the blocks of one level under one parent never overlap: two prefixes at the same level either
     * are equal or differ at a character (a separator against a field's own character where one field ended). The
     * fields are found from the right (the last fields, times and ids, hold no separator), so a name holding one
     * stays one field.
     */
    static List<String> chain(List<int[]> fields, String value) {
        int[] starts = new int[fields.size()];
        int[] ends = new int[fields.size()];
        int end = value.length();
        for (int f = fields.size() - 1; f >= 0; f--) {
            int separator = f == 0 ? -1 : value.lastIndexOf(LibraryKeys.SEPARATOR, end - 1);
            if (f > 0 && separator < 0) {
                throw new IllegalArgumentException("a sort value of " + fields.size() + " fields has fewer: "
                        + value.replace(LibraryKeys.SEPARATOR, "|"));
            }
            starts[f] = separator + 1;
            ends[f] = end;
            end = separator;
        }
        List<String> chain = new ArrayList<>();
        for (int f = 0; f < fields.size(); f++) {
            int length = value.codePointCount(starts[f], ends[f]);
            for (int codePoints : fields.get(f)) {
                if (codePoints > length) {
                    break;
                }
                chain.add(value.substring(0, value.offsetByCodePoints(starts[f], codePoints)));
            }
        }
        return chain;
    }

    /** How many levels an order has at most. */
    static int depth(String attribute) {
        return FIELDS.get(attribute).stream().mapToInt(lengths -> lengths.length).sum();
    }

    /** Whether a block is at the end of every chain it is in (its prefix reaches the last field): no level below. */
    static boolean last(String attribute, String prefix) {
        int separators = 0;
        for (int i = prefix.indexOf(LibraryKeys.SEPARATOR); i >= 0; i = prefix.indexOf(LibraryKeys.SEPARATOR, i + 1)) {
            separators++;
        }
        return separators >= FIELDS.get(attribute).size() - 1;
    }

    /** The transaction items that apply {@link #deltas}: one ADD per counter item. */
    static List<TransactWriteItem> updates(String table, String projectId, Map<Key, Map<String, Long>> deltas) {
        List<TransactWriteItem> writes = new ArrayList<>();
        deltas.forEach((key, byBucket) -> writes.add(TransactWriteItem.builder().update(
                add(table, projectId, key, byBucket)).build()));
        return writes;
    }

    static Update add(String table, String projectId, Key key, Map<String, Long> byBucket) {
        return ImageStore.counterAdd(table, LibraryKeys.rankPk(projectId, key.attribute(), key.level()), key.prefix(),
                byBucket);
    }

    /**
     * What the rank blocks of these images (one project's listed images, as stored) should hold: {@code pk sk} of each
     * counter item to its nonzero counts. For tests and a check after a backfill.
     */
    public static Map<String, Map<String, Long>> expected(String projectId, Collection<Image> images) {
        Map<String, Map<String, Long>> all = new HashMap<>();
        for (Image image : images) {
            deltas(Optional.empty(), Optional.of(image)).forEach((key, byBucket) -> byBucket.forEach((bucket, n) ->
                    all.computeIfAbsent(LibraryKeys.rankPk(projectId, key.attribute(), key.level()) + " "
                            + key.prefix(), k -> new HashMap<>()).merge(bucket, n, Long::sum)));
        }
        return all;
    }

    /** What a project's rank blocks hold, in the form of {@link #expected} (zero counts left out). */
    public Map<String, Map<String, Long>> stored(String projectId) {
        Map<String, Map<String, Long>> all = new HashMap<>();
        for (String attribute : SORT_ATTRIBUTES) {
            for (int level = 1; level <= depth(attribute); level++) {
                for (Map<String, AttributeValue> item : read(projectId, attribute, level, "")) {
                    Map<String, Long> counts = new HashMap<>();
                    item.forEach((name, value) -> {
                        if (name.startsWith("n_") && value.n() != null && Long.parseLong(value.n()) != 0) {
                            counts.put(name, Long.parseLong(value.n()));
                        }
                    });
                    if (!counts.isEmpty()) {
                        all.put(item.get("pk").s() + " " + item.get("sk").s(), counts);
                    }
                }
            }
        }
        return all;
    }

    // ---------------------------------------------------------------- reads

    /**
     * Finds where the image after {@code skip} others lands in one order, counting only the buckets named by
     * {@code counters} (a listing's partitions). Empty when the rank blocks don't account for exactly {@code size}
     * images of those buckets (a project whose images are not all counted yet, or counts that moved between two
     * reads): the caller then skips the slow way.
     *
     * @param size the images of those buckets, from the bucket counters
     */
    public Optional<Landing> locate(String projectId, String attribute, Collection<String> counters,
                                    boolean descending, long skip, long size) {
        String parent = "";
        long remaining = skip;
        Landing landing = null;
        for (int level = 1; level <= depth(attribute); level++) {
            List<Map<String, AttributeValue>> blocks = read(projectId, attribute, level, parent);
            if (level == 1 && blocks.stream().mapToLong(b -> sum(b, counters)).sum() != size) {
                return Optional.empty();
            }
            if (descending) {
                blocks = blocks.reversed();
            }
            Map<String, AttributeValue> chosen = null;
            long chosenSize = 0;
            for (Map<String, AttributeValue> block : blocks) {
                long n = sum(block, counters);
                if (n <= 0) {
                    continue;
                }
                if (remaining < n) {
                    chosen = block;
                    chosenSize = n;
                    break;
                }
                remaining -= n;
            }
            if (chosen == null) {
                return Optional.empty();
            }
            Map<String, Long> counts = new HashMap<>();
            for (String counter : counters) {
                counts.put(counter, count(chosen, counter));
            }
            landing = new Landing(chosen.get("sk").s(), remaining, counts);
            if (chosenSize <= leaf || last(attribute, landing.prefix())) {
                break;
            }
            parent = landing.prefix();
        }
        return Optional.ofNullable(landing);
    }

    /** The blocks of one level under a prefix, in sort order, read consistently. */
    private List<Map<String, AttributeValue>> read(String projectId, String attribute, int level, String parent) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":pk", AttributeValue.fromS(LibraryKeys.rankPk(projectId, attribute, level)));
            String condition = "pk = :pk";
            if (!parent.isEmpty()) {
                values.put(":p", AttributeValue.fromS(parent));
                condition += " AND begins_with(sk, :p)";
            }
            String keyCondition = condition;
            QueryResponse page = dynamo.query(r -> r.tableName(table).consistentRead(true)
                    .keyConditionExpression(keyCondition).expressionAttributeValues(values).exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    private static long sum(Map<String, AttributeValue> block, Collection<String> counters) {
        return counters.stream().mapToLong(c -> count(block, c)).sum();
    }

    private static long count(Map<String, AttributeValue> block, String counter) {
        AttributeValue value = block.get(counter);
        return value == null || value.n() == null ? 0 : Math.max(0, Long.parseLong(value.n()));
    }

    // ---------------------------------------------------------------- backfill

    /**
     * Counts a project's listed images that are not counted yet (images listed before rank blocks existed): each in a
     * transaction conditional on its version and on not being counted, so that it can run beside live writes and be
     * run again; an image that changed meanwhile is re-read and retried (its change may have counted it already).
     * Reads the project's images from the {@code all-modified} index. Returns how many it counted.
     */
    public long backfill(String projectId) {
        long counted = 0;
        for (String imageId : ImageStore.listedImageIds(dynamo, table, projectId)) {
            if (backfillOne(projectId, imageId)) {
                counted++;
            }
        }
        return counted;
    }

    private boolean backfillOne(String projectId, String imageId) {
        for (int attempt = 0; attempt < 5; attempt++) {
            var item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                    .key(ImageStore.key(LibraryKeys.imagePk(projectId, imageId), LibraryKeys.IMAGE_SK)));
            if (!item.hasItem() || item.item().isEmpty() || item.item().containsKey(COUNTED)) {
                return false;
            }
            Image image = ImageStore.fromAttributes(item.item());
            if (!image.status().listed()) {
                return false;
            }
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                    .key(ImageStore.key(LibraryKeys.imagePk(projectId, imageId), LibraryKeys.IMAGE_SK))
                    .conditionExpression("#v = :v AND attribute_not_exists(#rc)")
                    .updateExpression("SET #rc = :t")
                    .expressionAttributeNames(Map.of("#v", "version", "#rc", COUNTED))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(image.version())),
                            ":t", AttributeValue.fromBool(true)))
                    .build()).build());
            writes.addAll(updates(table, projectId, deltas(Optional.empty(), Optional.of(image))));
            if (dev.loupe.core.dynamo.Transactions.write(dynamo, writes).isEmpty()) {
                return true;
            }
        }
        throw new IllegalStateException("image " + imageId + " kept changing during the backfill");
    }
}
