package dev.loupe.library;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.loupe.core.dynamo.Transactions;
import dev.loupe.core.text.SearchWords;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The word index of listed images' file names, in the images table (keys: {@link LibraryKeys#wordPk},
 * {@link LibraryKeys#wordCountPk}), so that a search reads one token's entries instead of the whole library
 * (docs/DESIGN.md, "Image search").
 *
 * <p>Tokens are {@link SearchWords}' (the gallery title search's): every prefix of 2 to 20 characters of each word of
 * the name, accents dropped, lowercased; at most {@value #MAX_TOKENS} per image. An entry's sort key is the image's
 * {@code s_modified} value, so a token's entries are already in the listing's default order; it carries the image's
 * bucket, its name's words (a multi-word query filters by them) and its other sort values (the other orders sort a
 * token's entries in memory). Each token has one counters item, one number per listing bucket, which changes only in
 * the transaction that puts or deletes one of the token's entries: the totals of a one-word search are read, never
 * counted, and are exact.
 *
 * <p>Kept from the table's stream ({@link #index}) and by {@link #backfill}: see {@link #sync} for why a redelivered,
 * late or repeated record never makes it wrong.
 */
public final class ImageWordIndex {
    /** Bounds an image's entries, and so its writes per change (a typical file name has 5 to 15 tokens). */
    public static final int MAX_TOKENS = 40;
    static final String VERSION = "image_version";
    static final String BUCKET = "bucket";
    static final String WORDS = "words";
    /** A transaction's item limit. */
    private static final int MAX_TRANSACTION = 100;
    private static final int MAX_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String table;

    public ImageWordIndex(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * One entry, as a search reads it.
     *
     * @param sk         the image's {@code s_modified} value (it ends in the image id)
     * @param bucket     the counter attribute of the image's listing bucket ({@link LibraryKeys#counterAttribute})
     * @param words      the name's words ({@link SearchWords#words})
     * @param sortValues the image's other sort values by attribute ({@code s_name}, {@code s_createdby},
     *                   {@code s_created})
     */
    public record Entry(String sk, String bucket, List<String> words, Map<String, String> sortValues) {
        /** The value of one listing sort attribute ({@link RankBlocks#SORT_ATTRIBUTES}). */
        public String sortValue(String attribute) {
            return "s_modified".equals(attribute) ? sk : sortValues.get(attribute);
        }
    }

    /** One read of a token's entries, and the sort key after which the next read starts, if there is more. */
    public record Slice(List<Entry> entries, Optional<String> lastSk) {
    }

    /** What one change did to the index: entries written, deleted, and left alone because a newer one was there. */
    public record Applied(int put, int deleted, int stale) {
        static final Applied NONE = new Applied(0, 0, 0);
    }

    // ---------------------------------------------------------------- an image's entries

    /** The entries a listed image has, by "token\nsk"; none when it is not listed. */
    static Map<String, Map<String, AttributeValue>> entryItems(Image image) {
        Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
        if (!image.status().listed()) {
            return items;
        }
        ImageStore.Item stored = ImageStore.toItem(image);
        List<String> words = SearchWords.words(image.fileName());
        String bucket = LibraryKeys.counterAttribute(image.status(), image.extension());
        for (String token : SearchWords.tokens(image.fileName(), MAX_TOKENS)) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", AttributeValue.fromS(LibraryKeys.wordPk(image.projectId(), token)));
            item.put("sk", AttributeValue.fromS(stored.sModified));
            item.put("image_id", AttributeValue.fromS(image.imageId()));
            item.put(BUCKET, AttributeValue.fromS(bucket));
            item.put(WORDS, AttributeValue.fromL(words.stream().map(AttributeValue::fromS).toList()));
            item.put("s_name", AttributeValue.fromS(stored.sName));
            item.put("s_createdby", AttributeValue.fromS(stored.sCreatedBy));
            item.put("s_created", AttributeValue.fromS(stored.sCreated));
            item.put(VERSION, AttributeValue.fromN(Long.toString(image.version())));
            items.put(token + "\n" + stored.sModified, item);
        }
        return items;
    }

    /** An image's entries as written (for seeding many images at once, beside {@link #expectedCounts}). */
    public static Collection<Map<String, AttributeValue>> entries(Image image) {
        return entryItems(image).values();
    }

    /**
     * What the token counters of these images (listed, one project's) hold: counter item pk to its counts per bucket.
     * For seeding and for tests.
     */
    public static Map<String, Map<String, Long>> expectedCounts(Collection<Image> images) {
        Map<String, Map<String, Long>> counts = new HashMap<>();
        for (Image image : images) {
            if (image.status().listed()) {
                String bucket = LibraryKeys.counterAttribute(image.status(), image.extension());
                for (String token : SearchWords.tokens(image.fileName(), MAX_TOKENS)) {
                    counts.computeIfAbsent(LibraryKeys.wordCountPk(image.projectId(), token), k -> new HashMap<>())
                            .merge(bucket, 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    // ---------------------------------------------------------------- keeping it

    /**
     * Applies one change of the images table as its stream tells it (the item before and after, either absent).
     * Anything but an image item (usages, counters, the index's own entries) is ignored.
     */
    public Applied index(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        List<Image> seen = new ArrayList<>();
        for (Map<String, AttributeValue> item : List.of(oldImage == null ? Map.<String, AttributeValue>of() : oldImage,
                newImage == null ? Map.<String, AttributeValue>of() : newImage)) {
            AttributeValue sk = item.get("sk");
            if (sk != null && LibraryKeys.IMAGE_SK.equals(sk.s()) && item.containsKey("image_id")
                    && item.containsKey("project_id") && item.containsKey("status")) {
                seen.add(ImageStore.fromAttributes(item));
            }
        }
        if (seen.isEmpty()) {
            return Applied.NONE;
        }
        return sync(seen.getFirst().projectId(), seen.getFirst().imageId(), seen);
    }

    /**
     * Makes the index hold exactly the entries of the image as it is now, read consistently, and none of the entries
     * of {@code seen} (the versions a stream record names) that it no longer has.
     *
     * <p>Why redelivery and late records are harmless: the entries written are always the current image's, never the
     * record's, so a record delivered again after later changes writes what those changes wrote (nothing new) and
     * deletes entries that are gone already; a stale record can never bring an old name back. Every write is
     * conditional on what was read (an entry absent, or present with the version read), and each token's counter
     * moves in the same transaction as the entry's put or delete: a write that lost a race fails whole, is re-read
     * and retried, and no counter ever counts an entry twice or misses one. An entry is replaced only by a newer
     * version's, and deleted only if no version after the current one wrote it.
     */
    public Applied sync(String projectId, String imageId, Collection<Image> seen) {
        for (int attempt = 1; ; attempt++) {
            Optional<Image> current = readImage(projectId, imageId);
            Map<String, Map<String, AttributeValue>> desired = current.map(ImageWordIndex::entryItems)
                    .orElseGet(Map::of);
            Set<String> candidates = new LinkedHashSet<>(desired.keySet());
            seen.forEach(image -> candidates.addAll(entryItems(image).keySet()));
            Map<String, Map<String, AttributeValue>> existing = read(projectId, candidates);
            long upTo = current.map(Image::version).orElse(Long.MAX_VALUE);
            Map<String, List<TransactWriteItem>> byToken = new LinkedHashMap<>();
            Map<String, Map<String, Long>> deltas = new HashMap<>();
            int put = 0;
            int deleted = 0;
            int stale = 0;
            for (String key : candidates) {
                String token = key.substring(0, key.indexOf('\n'));
                Map<String, AttributeValue> want = desired.get(key);
                Map<String, AttributeValue> have = existing.get(key);
                List<TransactWriteItem> ops = byToken.computeIfAbsent(token, t -> new ArrayList<>());
                Map<String, Long> delta = deltas.computeIfAbsent(token, t -> new HashMap<>());
                if (want != null) {
                    if (have == null) {
                        ops.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(want)
                                .conditionExpression("attribute_not_exists(pk)").build()).build());
                        delta.merge(want.get(BUCKET).s(), 1L, Long::sum);
                        put++;
                    } else if (version(have) < version(want)) {
                        ops.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(want)
                                .conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", VERSION))
                                .expressionAttributeValues(Map.of(":v", have.get(VERSION))).build()).build());
                        delta.merge(have.get(BUCKET).s(), -1L, Long::sum);
                        delta.merge(want.get(BUCKET).s(), 1L, Long::sum);
                        put++;
                    } else if (version(have) > version(want)) {
                        stale++;
                    }
                } else if (have != null) {
                    if (version(have) <= upTo) {
                        ops.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                                .key(Map.of("pk", have.get("pk"), "sk", have.get("sk")))
                                .conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", VERSION))
                                .expressionAttributeValues(Map.of(":v", have.get(VERSION))).build()).build());
                        delta.merge(have.get(BUCKET).s(), -1L, Long::sum);
                        deleted++;
                    } else {
                        stale++;
                    }
                }
            }
            List<List<TransactWriteItem>> transactions = new ArrayList<>();
            List<TransactWriteItem> open = new ArrayList<>();
            for (var token : byToken.entrySet()) {
                List<TransactWriteItem> ops = new ArrayList<>(token.getValue());
                if (ops.isEmpty()) {
                    continue;
                }
                Map<String, Long> delta = deltas.get(token.getKey());
                delta.values().removeIf(d -> d == 0);
                if (!delta.isEmpty()) {
                    ops.add(TransactWriteItem.builder().update(counterUpdate(projectId, token.getKey(), delta))
                            .build());
                }
                // A token's entry writes and its counter always commit together.
                if (open.size() + ops.size() > MAX_TRANSACTION) {
                    transactions.add(open);
                    open = new ArrayList<>();
                }
                open.addAll(ops);
            }
            if (!open.isEmpty()) {
                transactions.add(open);
            }
            boolean raced = false;
            for (List<TransactWriteItem> writes : transactions) {
                if (!Transactions.write(dynamo, writes).isEmpty()) {
                    raced = true;
                    break;
                }
            }
            if (!raced) {
                return new Applied(put, deleted, stale);
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new IllegalStateException("the word index of image " + imageId + " kept changing under "
                        + MAX_ATTEMPTS + " attempts");
            }
        }
    }

    private Update counterUpdate(String projectId, String token, Map<String, Long> byBucket) {
        return ImageStore.counterAdd(table, LibraryKeys.wordCountPk(projectId, token), LibraryKeys.WORD_COUNT_SK,
                byBucket);
    }

    private Optional<Image> readImage(String projectId, String imageId) {
        var response = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(ImageStore.key(LibraryKeys.imagePk(projectId, imageId), LibraryKeys.IMAGE_SK)));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(ImageStore.fromAttributes(response.item())) : Optional.empty();
    }

    /** The entries at these "token\nsk" keys that exist, read consistently (version and bucket only). */
    private Map<String, Map<String, AttributeValue>> read(String projectId, Collection<String> keys) {
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += 100) {
            List<Map<String, AttributeValue>> batch = all.subList(from, Math.min(all.size(), from + 100)).stream()
                    .map(key -> ImageStore.key(LibraryKeys.wordPk(projectId, key.substring(0, key.indexOf('\n'))),
                            key.substring(key.indexOf('\n') + 1))).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(batch)
                    .consistentRead(true).projectionExpression("pk, sk, #v, #b")
                    .expressionAttributeNames(Map.of("#v", VERSION, "#b", BUCKET)).build());
            while (!request.isEmpty()) {
                var asked = request;
                var response = dynamo.batchGetItem(r -> r.requestItems(asked));
                for (var item : response.responses().getOrDefault(table, List.of())) {
                    String pk = item.get("pk").s();
                    String token = pk.substring(LibraryKeys.wordPk(projectId, "").length());
                    found.put(token + "\n" + item.get("sk").s(), item);
                }
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return found;
    }

    private static long version(Map<String, AttributeValue> entry) {
        return Long.parseLong(entry.get(VERSION).n());
    }

    /**
     * Indexes a project's listed images that are not indexed yet (a deployment made before the index existed):
     * {@link #sync} of every image of the {@code all-modified} index, safe beside the stream's consumer and safe to
     * run again (an image whose entries are there writes nothing). Returns how many images it wrote entries for.
     */
    public long backfill(String projectId) {
        long indexed = 0;
        for (String imageId : ImageStore.listedImageIds(dynamo, table, projectId)) {
            if (sync(projectId, imageId, List.of()).put() > 0) {
                indexed++;
            }
        }
        return indexed;
    }

    // ---------------------------------------------------------------- reads

    /** A token's entries per listing bucket (counter attribute to count), from its counters item. */
    public Map<String, Long> counts(String projectId, String token) {
        var response = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(ImageStore.key(LibraryKeys.wordCountPk(projectId, token), LibraryKeys.WORD_COUNT_SK)));
        Map<String, Long> counts = new HashMap<>();
        if (response.hasItem()) {
            response.item().forEach((name, value) -> {
                if (name.startsWith("n_") && value.n() != null) {
                    counts.put(name, Math.max(0, Long.parseLong(value.n())));
                }
            });
        }
        return counts;
    }

    /**
     * Up to {@code limit} of a token's entries in modification order (newest first when {@code descending}), after
     * {@code after} (exclusive). One query: DynamoDB may answer fewer (1 MB) and then says where to go on.
     */
    public Slice read(String projectId, String token, boolean descending, Optional<String> after, int limit) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", AttributeValue.fromS(LibraryKeys.wordPk(projectId, token)));
        String condition = "pk = :pk";
        if (after.isPresent()) {
            condition += descending ? " AND sk < :a" : " AND sk > :a";
            values.put(":a", AttributeValue.fromS(after.get()));
        }
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).keyConditionExpression(condition)
                .expressionAttributeValues(values).scanIndexForward(!descending)
                .projectionExpression("sk, #b, #w, s_name, s_createdby, s_created")
                .expressionAttributeNames(Map.of("#b", BUCKET, "#w", WORDS));
        if (limit > 0) {
            query.limit(limit);
        }
        QueryResponse rows = dynamo.query(query.build());
        List<Entry> entries = rows.items().stream().map(ImageWordIndex::entry).toList();
        boolean more = rows.hasLastEvaluatedKey() && !rows.lastEvaluatedKey().isEmpty();
        return new Slice(entries, more ? Optional.of(rows.lastEvaluatedKey().get("sk").s()) : Optional.empty());
    }

    /** Every entry of a token, in 1 MB reads: what the orders and queries that the counters can't answer read. */
    public List<Entry> all(String projectId, String token) {
        List<Entry> all = new ArrayList<>();
        Optional<String> after = Optional.empty();
        do {
            Slice slice = read(projectId, token, false, after, 0);
            all.addAll(slice.entries());
            after = slice.lastSk();
        } while (after.isPresent());
        return all;
    }

    private static Entry entry(Map<String, AttributeValue> item) {
        List<String> words = item.containsKey(WORDS) && item.get(WORDS).hasL()
                ? item.get(WORDS).l().stream().map(AttributeValue::s).toList() : List.of();
        Map<String, String> sortValues = new HashMap<>();
        for (String attribute : List.of("s_name", "s_createdby", "s_created")) {
            if (item.containsKey(attribute)) {
                sortValues.put(attribute, item.get(attribute).s());
            }
        }
        return new Entry(item.get("sk").s(), item.get(BUCKET).s(), words, sortValues);
    }
}
