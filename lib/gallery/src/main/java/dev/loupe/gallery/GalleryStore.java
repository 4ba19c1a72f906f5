package dev.loupe.gallery;

import static dev.loupe.gallery.GalleryKeys.GALLERY_SK;
import static dev.loupe.gallery.GalleryKeys.RATING_SK;
import static dev.loupe.gallery.GalleryKeys.OWNER_INDEX;
import static dev.loupe.gallery.GalleryKeys.OWNER_PUBLIC_INDEX;
import static dev.loupe.gallery.GalleryKeys.PUBLIC_INDEX;
import static dev.loupe.gallery.GalleryKeys.VIEWS_SK;
import static dev.loupe.gallery.GalleryKeys.addedSk;
import static dev.loupe.gallery.GalleryKeys.countKeyMap;
import static dev.loupe.gallery.GalleryKeys.galleryKeyMap;
import static dev.loupe.gallery.GalleryKeys.galleryPk;
import static dev.loupe.gallery.GalleryKeys.ownerPk;
import static dev.loupe.gallery.GalleryKeys.publicPk;
import static dev.loupe.gallery.GalleryKeys.tallyKeyMap;
import static dev.loupe.gallery.GalleryKeys.viewsKeyMap;

import dev.loupe.core.dynamo.StarRatings;
import dev.loupe.core.dynamo.Transactions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The gallery items of the galleries table (keys: {@link GalleryKeys}; the word index beside them:
 * {@link GalleryWordIndex}), mapped by the enhanced client's static schema (no reflection). A gallery's images are an
 * ordered list of image ids on its own item, so that adding, removing and reordering are one conditional write each
 * (on {@code version}): concurrent changes never lose one another, they retry. The list is bounded
 * ({@link GalleryService#MAX_IMAGES}), which keeps the item far below DynamoDB's 400 KB.
 */
public final class GalleryStore {

    /** The stored form, filled field by field by the enhanced client's static schema (no reflection). */
    static final class Item {
        String pk;
        String sk;
        String projectId;
        String name;
        String title;
        String ownerUserId;
        String ownerUserName;
        String ownerTokenHash;
        String ownerPk;
        String addedSk;
        Long added;
        Long updated;
        Long version;
        List<String> imageIds;
        String description;
        String security;
        String passwordHash;
        String viewKey;
        Integer playerInterval;
        String playerTransition;
        Boolean playerLoop;
        Boolean playerShuffle;
        Boolean playerCaptions;
        String playerTheme;
        String coverImageId;
        Map<String, String> captions;
        Boolean deleting;
        String publicPk;
        String publicSk;
        String ownerPublicPk;
    }

    static final StaticTableSchema<Item> SCHEMA = StaticTableSchema.builder(Item.class)
            .newItemSupplier(Item::new)
            .addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v)
                    .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
                    .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(String.class, a -> a.name("project_id").getter(i -> i.projectId)
                    .setter((i, v) -> i.projectId = v))
            .addAttribute(String.class, a -> a.name("name").getter(i -> i.name).setter((i, v) -> i.name = v))
            .addAttribute(String.class, a -> a.name("title").getter(i -> i.title).setter((i, v) -> i.title = v))
            .addAttribute(String.class, a -> a.name("owner_user_id").getter(i -> i.ownerUserId)
                    .setter((i, v) -> i.ownerUserId = v))
            .addAttribute(String.class, a -> a.name("owner_user_name").getter(i -> i.ownerUserName)
                    .setter((i, v) -> i.ownerUserName = v))
            .addAttribute(String.class, a -> a.name("owner_token_hash").getter(i -> i.ownerTokenHash)
                    .setter((i, v) -> i.ownerTokenHash = v))
            .addAttribute(String.class, a -> a.name("owner_pk").getter(i -> i.ownerPk)
                    .setter((i, v) -> i.ownerPk = v).tags(StaticAttributeTags.secondaryPartitionKey(OWNER_INDEX)))
            .addAttribute(String.class, a -> a.name("added_sk").getter(i -> i.addedSk)
                    .setter((i, v) -> i.addedSk = v)
                    .tags(StaticAttributeTags.secondarySortKey(List.of(OWNER_INDEX, OWNER_PUBLIC_INDEX))))
            .addAttribute(Long.class, a -> a.name("added").getter(i -> i.added).setter((i, v) -> i.added = v))
            .addAttribute(Long.class, a -> a.name("updated").getter(i -> i.updated).setter((i, v) -> i.updated = v))
            .addAttribute(Long.class, a -> a.name("version").getter(i -> i.version).setter((i, v) -> i.version = v))
            .addAttribute(EnhancedType.listOf(String.class),
                    a -> a.name("image_ids").getter(i -> i.imageIds).setter((i, v) -> i.imageIds = v))
            .addAttribute(String.class, a -> a.name("description").getter(i -> i.description)
                    .setter((i, v) -> i.description = v))
            .addAttribute(String.class, a -> a.name("security").getter(i -> i.security)
                    .setter((i, v) -> i.security = v))
            .addAttribute(String.class, a -> a.name("password_hash").getter(i -> i.passwordHash)
                    .setter((i, v) -> i.passwordHash = v))
            .addAttribute(String.class, a -> a.name("view_key").getter(i -> i.viewKey)
                    .setter((i, v) -> i.viewKey = v))
            .addAttribute(Integer.class, a -> a.name("player_interval").getter(i -> i.playerInterval)
                    .setter((i, v) -> i.playerInterval = v))
            .addAttribute(String.class, a -> a.name("player_transition").getter(i -> i.playerTransition)
                    .setter((i, v) -> i.playerTransition = v))
            .addAttribute(Boolean.class, a -> a.name("player_loop").getter(i -> i.playerLoop)
                    .setter((i, v) -> i.playerLoop = v))
            .addAttribute(Boolean.class, a -> a.name("player_shuffle").getter(i -> i.playerShuffle)
                    .setter((i, v) -> i.playerShuffle = v))
            .addAttribute(Boolean.class, a -> a.name("player_captions").getter(i -> i.playerCaptions)
                    .setter((i, v) -> i.playerCaptions = v))
            .addAttribute(String.class, a -> a.name("player_theme").getter(i -> i.playerTheme)
                    .setter((i, v) -> i.playerTheme = v))
            .addAttribute(String.class, a -> a.name("cover_image_id").getter(i -> i.coverImageId)
                    .setter((i, v) -> i.coverImageId = v))
            .addAttribute(EnhancedType.mapOf(String.class, String.class), a -> a.name("captions")
                    .getter(i -> i.captions).setter((i, v) -> i.captions = v))
            .addAttribute(Boolean.class, a -> a.name("deleting").getter(i -> i.deleting)
                    .setter((i, v) -> i.deleting = v))
            .addAttribute(String.class, a -> a.name("public_pk").getter(i -> i.publicPk)
                    .setter((i, v) -> i.publicPk = v).tags(StaticAttributeTags.secondaryPartitionKey(PUBLIC_INDEX)))
            .addAttribute(String.class, a -> a.name("public_sk").getter(i -> i.publicSk)
                    .setter((i, v) -> i.publicSk = v).tags(StaticAttributeTags.secondarySortKey(PUBLIC_INDEX)))
            .addAttribute(String.class, a -> a.name("owner_public_pk").getter(i -> i.ownerPublicPk)
                    .setter((i, v) -> i.ownerPublicPk = v)
                    .tags(StaticAttributeTags.secondaryPartitionKey(OWNER_PUBLIC_INDEX)))
            .build();

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final DynamoDbTable<Item> table;
    private final InvitationStore invitations;

    public GalleryStore(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.table = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo).build().table(tableName, SCHEMA);
        this.invitations = new InvitationStore(dynamo, tableName);
    }

    /** The invitations, members and contributions beside the galleries (the same table). */
    InvitationStore invitations() {
        return invitations;
    }

    /** Stores a new gallery; false when its name is already taken in the project (nothing is overwritten). */
    public boolean createIfNameFree(Gallery gallery) {
        Item item = toItem(gallery);
        if (gallery.ownerUserId().isEmpty()) {
            try {
                table.putItem(PutItemEnhancedRequest.builder(Item.class).item(item)
                        .conditionExpression(Expression.builder().expression("attribute_not_exists(pk)").build())
                        .build());
                return true;
            } catch (ConditionalCheckFailedException taken) {
                return false;
            }
        }
        // A registered user's gallery moves the user's counters in the same transaction.
        return Transactions.write(dynamo, List.of(
                TransactWriteItem.builder().put(p -> p.tableName(tableName).item(SCHEMA.itemToMap(item, true))
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                countChange(gallery, 1, gallery.isListed() ? 1 : 0))).isEmpty();
    }

    /**
     * The gallery with its view count and its ratings' tally: one query reads the items of its partition. The key holds the project id,
     * so another project's gallery of the same name is simply not found.
     */
    public Optional<Gallery> find(String projectId, String name) {
        QueryResponse items = dynamo.query(q -> q.tableName(tableName).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(galleryPk(projectId, name)))));
        Item gallery = null;
        long views = 0;
        long comments = 0;
        StarRatings.Tally tally = StarRatings.Tally.NONE;
        for (Map<String, AttributeValue> item : items.items()) {
            String sk = item.get("sk").s();
            if (sk.equals(GALLERY_SK)) {
                gallery = SCHEMA.mapToItem(item);
            } else if (sk.equals(VIEWS_SK) && item.containsKey("views")) {
                views = Long.parseLong(item.get("views").n());
            } else if (sk.equals(GalleryKeys.COMMENTS_SK) && item.containsKey("comment_count")) {
                comments = Math.max(0, Long.parseLong(item.get("comment_count").n()));
            } else if (sk.equals(RATING_SK)) {
                tally = StarRatings.Tally.of(item);
            }
        }
        long counted = views;
        long commented = comments;
        StarRatings.Tally rated = tally;
        return Optional.ofNullable(gallery).map(GalleryStore::fromItem)
                .map(g -> g.withViews(counted).withComments(commented).withRatings(rated));
    }

    /**
     * The galleries of these names that exist, by name (without view counts), in one consistent batch read; at
     * most 100 names, as BatchGetItem takes.
     */
    public Map<String, Gallery> findAll(String projectId, List<String> names) {
        if (names.size() > 100) {
            throw new IllegalArgumentException("at most 100 galleries at once");
        }
        Map<String, Gallery> found = new java.util.HashMap<>();
        List<Map<String, AttributeValue>> keys = names.stream().distinct()
                .map(name -> galleryKeyMap(projectId, name)).toList();
        Map<String, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes> wanted = keys.isEmpty()
                ? Map.of() : Map.of(tableName, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes
                        .builder().keys(keys).consistentRead(true).build());
        while (!wanted.isEmpty()) {
            var request = wanted;
            var answer = dynamo.batchGetItem(b -> b.requestItems(request));
            answer.responses().getOrDefault(tableName, List.of()).forEach(item -> {
                Gallery g = fromItem(SCHEMA.mapToItem(item));
                found.put(g.name(), g);
            });
            wanted = answer.hasUnprocessedKeys() ? answer.unprocessedKeys() : Map.of();
        }
        return found;
    }

    /**
     * The same galleries, in the same order, each with its ratings' tally: one batch read of their tally items (a
     * list's page is at most 100), so that every list shows ratings without reading a gallery's partition each.
     */
    public List<Gallery> withRatings(List<Gallery> galleries) {
        if (galleries.isEmpty()) {
            return galleries;
        }
        Map<String, StarRatings.Tally> tallies = new java.util.HashMap<>();
        List<Map<String, AttributeValue>> keys = galleries.stream().map(Gallery::name).distinct()
                .map(name -> tallyKeyMap(galleries.getFirst().projectId(), name)).toList();
        Map<String, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes> wanted = Map.of(tableName,
                software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder().keys(keys)
                        .consistentRead(true).build());
        while (!wanted.isEmpty()) {
            var request = wanted;
            var answer = dynamo.batchGetItem(b -> b.requestItems(request));
            answer.responses().getOrDefault(tableName, List.of()).forEach(item -> tallies.put(item.get("pk").s(),
                    StarRatings.Tally.of(item)));
            wanted = answer.hasUnprocessedKeys() ? answer.unprocessedKeys() : Map.of();
        }
        return galleries.stream().map(g -> g.withRatings(tallies.getOrDefault(galleryPk(g.projectId(), g.name()),
                StarRatings.Tally.NONE))).toList();
    }

    /** Counts one view of the page or player (an atomic add on the gallery's counter item); answers the new count. */
    public long countView(Gallery gallery) {
        var updated = dynamo.updateItem(u -> u.tableName(tableName)
                .key(viewsKeyMap(gallery.projectId(), gallery.name()))
                .updateExpression("ADD #views :one").expressionAttributeNames(Map.of("#views", "views"))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                .returnValues(ReturnValue.UPDATED_NEW));
        return Long.parseLong(updated.attributes().get("views").n());
    }

    /** Writes {@code after} if the stored gallery is still {@code before} (same version); false when it changed. */
    public boolean replace(Gallery before, Gallery after) {
        if (before.isListed() != after.isListed()) {
            // A change of listing moves the owner's counters and the ratings' place in the top-rated index with it.
            List<TransactWriteItem> writes = new ArrayList<>(List.of(
                    TransactWriteItem.builder().put(p -> p.tableName(tableName)
                            .item(SCHEMA.itemToMap(toItem(after), true)).conditionExpression("version = :v")
                            .expressionAttributeValues(Map.of(":v",
                                    AttributeValue.fromN(Long.toString(before.version()))))).build(),
                    tallyListing(after)));
            if (after.ownerUserId().isPresent()) {
                writes.add(countChange(after, 0, after.isListed() ? 1 : -1));
            }
            return Transactions.write(dynamo, writes).isEmpty();
        }
        try {
            table.putItem(PutItemEnhancedRequest.builder(Item.class).item(toItem(after))
                    .conditionExpression(sameVersion(before)).build());
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    /**
     * Deletes the gallery, its view and comment counters and its ratings' tally in one transaction, if the gallery is
     * still {@code gallery} (same
     * version); false when it changed or is gone.
     */
    public boolean delete(Gallery gallery) {
        Map<String, AttributeValue> galleryKey = galleryKeyMap(gallery.projectId(), gallery.name());
        Map<String, AttributeValue> viewsKey = viewsKeyMap(gallery.projectId(), gallery.name());
        List<TransactWriteItem> writes = new ArrayList<>(List.of(
                TransactWriteItem.builder().delete(d -> d.tableName(tableName).key(galleryKey)
                        .conditionExpression("version = :v")
                        .expressionAttributeValues(Map.of(":v",
                                AttributeValue.fromN(Long.toString(gallery.version()))))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(tableName).key(viewsKey)).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(tableName)
                        .key(GalleryKeys.commentsCounterKeyMap(gallery.projectId(), gallery.name()))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(tableName)
                        .key(tallyKeyMap(gallery.projectId(), gallery.name()))).build()));
        if (gallery.ownerUserId().isPresent()) {
            writes.add(countChange(gallery, -1, gallery.isListed() ? -1 : 0));
        }
        return Transactions.write(dynamo, writes).isEmpty();
    }

    /** A page of a user's galleries, newest first, and how many there are. */
    public record Page(int total, List<Gallery> galleries) {
    }

    /**
     * The gallery API pages by offset. The total is one read of the user's counter item. The page is read from
     * whichever end of the index is nearer: the entries before it are skipped with counting queries (keys only,
     * nothing returned), so a page costs its distance from the nearer end in index reads, never a table scan.
     */
    public Page byOwner(String projectId, String userId, boolean publicOnly, int start, int limit) {
        Map<String, AttributeValue> values = Map.of(":o", AttributeValue.fromS(ownerPk(projectId, userId)));
        String index = publicOnly ? OWNER_PUBLIC_INDEX : OWNER_INDEX;
        int total = total(projectId, userId, publicOnly, index, values);
        if (start >= total) {
            return new Page(total, List.of());
        }
        int wanted = Math.min(limit, total - start);
        int afterPage = total - start - wanted;
        boolean newestFirst = start <= afterPage;
        Optional<Map<String, AttributeValue>> from = skip(index, values, newestFirst, newestFirst ? start : afterPage);
        if (from == null) {
            return new Page(total, List.of()); // fewer entries than counted: a change is under way
        }
        List<Gallery> page = new ArrayList<>();
        Map<String, AttributeValue> next = from.orElse(null);
        while (page.size() < wanted) {
            var startKey = next;
            QueryResponse rows = dynamo.query(indexQuery(index, values, startKey, newestFirst)
                    .limit(wanted - page.size()).build());
            rows.items().forEach(item -> page.add(fromItem(SCHEMA.mapToItem(item))));
            if (!rows.hasLastEvaluatedKey() || rows.lastEvaluatedKey().isEmpty()) {
                break;
            }
            next = rows.lastEvaluatedKey();
        }
        if (!newestFirst) {
            java.util.Collections.reverse(page);
        }
        return new Page(total, withRatings(page));
    }

    /** The user's count from the counter item; counted from the index for galleries made before counters were. */
    /**
     * How many public galleries a user owns (a profile's count): the user's counter item, else a counting query on
     * the sparse {@code by-owner-public} index (keys only, nothing returned): never a scan.
     */
    public int publicCount(String projectId, String userId) {
        return total(projectId, userId, true, OWNER_PUBLIC_INDEX,
                Map.of(":o", AttributeValue.fromS(ownerPk(projectId, userId))));
    }

    private int total(String projectId, String userId, boolean publicOnly, String index,
                      Map<String, AttributeValue> values) {
        Map<String, AttributeValue> counter = dynamo.getItem(g -> g.tableName(tableName).consistentRead(true)
                .key(countKeyMap(projectId, userId))).item();
        if (counter != null && !counter.isEmpty()) {
            AttributeValue n = counter.get(publicOnly ? "n_public" : "n");
            return n == null ? 0 : Math.max(0, Integer.parseInt(n.n()));
        }
        int total = 0;
        Map<String, AttributeValue> from = null;
        do {
            var startKey = from;
            QueryResponse counted = dynamo.query(indexQuery(index, values, startKey, false)
                    .select(Select.COUNT).build());
            total += counted.count();
            from = counted.hasLastEvaluatedKey() && !counted.lastEvaluatedKey().isEmpty()
                    ? counted.lastEvaluatedKey() : null;
        } while (from != null);
        return total;
    }

    /**
     * Passes {@code count} entries from one end with counting queries; answers where to go on (empty: from the
     * start), or null when the index ended first.
     */
    private Optional<Map<String, AttributeValue>> skip(String index, Map<String, AttributeValue> values,
                                                       boolean newestFirst, int count) {
        Map<String, AttributeValue> from = null;
        int skipped = 0;
        while (skipped < count) {
            var startKey = from;
            QueryResponse counted = dynamo.query(indexQuery(index, values, startKey, newestFirst)
                    .select(Select.COUNT).limit(count - skipped).build());
            skipped += counted.count();
            if (!counted.hasLastEvaluatedKey() || counted.lastEvaluatedKey().isEmpty()) {
                return null; // nothing after the skipped entries (fewer than the counter says)
            }
            from = counted.lastEvaluatedKey();
        }
        return Optional.ofNullable(from);
    }

    /** The ratings' tally enters or leaves the top-rated index with the gallery's listing. */
    private TransactWriteItem tallyListing(Gallery gallery) {
        StarRatings.TallyUpdate listing = GalleryRatings.listing(gallery);
        return TransactWriteItem.builder().update(u -> u.tableName(tableName)
                .key(tallyKeyMap(gallery.projectId(), gallery.name())).updateExpression(listing.setOrRemove())
                .expressionAttributeNames(listing.names()).expressionAttributeValues(listing.values())).build();
    }

    /** Moves a registered user's counters: {@code n} all their galleries, {@code n_public} the listed ones. */
    private TransactWriteItem countChange(Gallery gallery, int all, int listed) {
        return TransactWriteItem.builder().update(u -> u.tableName(tableName)
                .key(countKeyMap(gallery.projectId(), gallery.ownerUserId().orElseThrow()))
                .updateExpression("ADD n :all, n_public :listed")
                .expressionAttributeValues(Map.of(":all", AttributeValue.fromN(Integer.toString(all)),
                        ":listed", AttributeValue.fromN(Integer.toString(listed))))).build();
    }

    /** A page of the newest public galleries and, when there are more, where the next page starts. */
    public record NewestPage(List<Gallery> galleries, Optional<String> next) {
    }

    /**
     * The project's public galleries, newest first, {@code limit} at a time from {@code after} (the {@code next} of
     * the previous page: the last gallery's index sort key). Every page costs one query, however deep.
     */
    public NewestPage newestPublic(String projectId, Optional<String> after, int limit) {
        Map<String, AttributeValue> values = Map.of(":p", AttributeValue.fromS(publicPk(projectId)));
        QueryRequest.Builder query = QueryRequest.builder().tableName(tableName).indexName(PUBLIC_INDEX)
                .keyConditionExpression("public_pk = :p").expressionAttributeValues(values)
                .scanIndexForward(false).limit(limit);
        after.ifPresent(sk -> {
            String name = sk.substring(sk.indexOf('#') + 1);
            query.exclusiveStartKey(Map.of("pk", AttributeValue.fromS(galleryPk(projectId, name)),
                    "sk", AttributeValue.fromS(GALLERY_SK), "public_pk", values.get(":p"),
                    "public_sk", AttributeValue.fromS(sk)));
        });
        QueryResponse rows = dynamo.query(query.build());
        List<Gallery> page = withRatings(rows.items().stream().map(item -> fromItem(SCHEMA.mapToItem(item))).toList());
        boolean more = rows.hasLastEvaluatedKey() && !rows.lastEvaluatedKey().isEmpty();
        return new NewestPage(page, more ? Optional.of(rows.lastEvaluatedKey().get("public_sk").s())
                : Optional.empty());
    }

    /**
     * A gallery as a stream record's image shows it ({@code NewImage} or {@code OldImage}), decoded with the same
     * schema as the table's reads; empty for the table's other items (view counters, word entries).
     */
    public static Optional<Gallery> decode(Map<String, AttributeValue> image) {
        if (image == null || image.isEmpty() || !image.containsKey("sk")
                || !GALLERY_SK.equals(image.get("sk").s())) {
            return Optional.empty();
        }
        return Optional.of(fromItem(SCHEMA.mapToItem(image)));
    }

    private QueryRequest.Builder indexQuery(String index, Map<String, AttributeValue> values,
                                            Map<String, AttributeValue> from, boolean newestFirst) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(tableName).indexName(index)
                .keyConditionExpression((index.equals(OWNER_INDEX) ? "owner_pk" : "owner_public_pk") + " = :o")
                .expressionAttributeValues(values).scanIndexForward(!newestFirst);
        return from == null ? query : query.exclusiveStartKey(from);
    }

    private static Expression sameVersion(Gallery gallery) {
        return Expression.builder().expression("version = :v")
                .putExpressionValue(":v", AttributeValue.fromN(Long.toString(gallery.version()))).build();
    }

    static Item toItem(Gallery g) {
        Item item = new Item();
        item.pk = galleryPk(g.projectId(), g.name());
        item.sk = GALLERY_SK;
        item.projectId = g.projectId();
        item.name = g.name();
        item.title = g.title();
        item.ownerUserId = g.ownerUserId().orElse(null);
        item.ownerUserName = g.ownerUserName().orElse(null);
        item.ownerTokenHash = g.ownerTokenHash().orElse(null);
        item.ownerPk = g.ownerUserId().map(user -> ownerPk(g.projectId(), user)).orElse(null);
        item.addedSk = item.ownerPk == null ? null : addedSk(g);
        Gallery.Details d = g.details();
        item.description = d.description().isEmpty() ? null : d.description();
        item.security = d.security().value();
        item.passwordHash = d.passwordHash().orElse(null);
        item.viewKey = d.viewKey().orElse(null);
        item.playerInterval = d.player().intervalSeconds();
        item.playerTransition = d.player().transition().value();
        item.playerLoop = d.player().loop();
        item.playerShuffle = d.player().shuffle();
        item.playerCaptions = d.player().captions();
        item.playerTheme = d.player().theme().value();
        item.coverImageId = d.coverImageId().orElse(null);
        item.captions = d.captions().isEmpty() ? null : new java.util.HashMap<>(d.captions());
        item.deleting = d.deleting() ? Boolean.TRUE : null;
        // Sparse indexes: only listed galleries are in the public ones, so a list never filters (or leaks) others.
        if (g.isListed()) {
            item.publicPk = publicPk(g.projectId());
            item.publicSk = addedSk(g);
            item.ownerPublicPk = item.ownerPk;
        }
        item.added = g.added().getEpochSecond();
        item.updated = g.updated().getEpochSecond();
        item.version = g.version();
        item.imageIds = g.imageIds().isEmpty() ? null : new ArrayList<>(g.imageIds());
        return item;
    }

    /** A gallery item as the table's stream carries it (an old or new image); empty for anything else. */
    static Optional<Gallery> fromImage(Map<String, AttributeValue> image) {
        AttributeValue sk = image == null ? null : image.get("sk");
        if (sk == null || !GalleryKeys.GALLERY_SK.equals(sk.s())) {
            return Optional.empty();
        }
        return Optional.of(fromItem(SCHEMA.mapToItem(image)));
    }

    private static Gallery fromItem(Item i) {
        return new Gallery(i.projectId, i.name, i.title, Optional.ofNullable(i.ownerUserId),
                Optional.ofNullable(i.ownerUserName), Optional.ofNullable(i.ownerTokenHash),
                Instant.ofEpochSecond(i.added), Instant.ofEpochSecond(i.updated), i.version == null ? 0 : i.version,
                i.imageIds == null ? List.of() : i.imageIds, details(i), 0);
    }

    private static Gallery.Details details(Item i) {
        PlayerSetup defaults = PlayerSetup.DEFAULTS;
        PlayerSetup player = new PlayerSetup(
                i.playerInterval == null ? defaults.intervalSeconds() : i.playerInterval,
                i.playerTransition == null ? defaults.transition() : PlayerSetup.Transition.of(i.playerTransition),
                i.playerLoop == null ? defaults.loop() : i.playerLoop,
                i.playerShuffle == null ? defaults.shuffle() : i.playerShuffle,
                i.playerCaptions == null ? defaults.captions() : i.playerCaptions,
                i.playerTheme == null ? defaults.theme() : PlayerSetup.Theme.of(i.playerTheme));
        return new Gallery.Details(i.description,
                i.security == null ? Security.PUBLIC : Security.of(i.security).orElse(Security.PRIVATE),
                Optional.ofNullable(i.passwordHash), Optional.ofNullable(i.viewKey), player,
                Optional.ofNullable(i.coverImageId), i.captions, Boolean.TRUE.equals(i.deleting));
    }

}
