package dev.loupe.shared.gallery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The galleries table: its key design lives here and nowhere else.
 * <ul>
 * <li>{@code pk = P#<project>#G#<name>}, {@code sk = GALLERY}: one item per gallery. The project id in every key is
 * what keeps one project from reading another's galleries; a conditional put on this key is what makes names unique
 * within a project without a read first.</li>
 * <li>GSI {@code by-owner}: {@code owner_pk = P#<project>#U#<user>}, {@code added_sk = <added ISO>#<name>}: a
 * registered user's galleries, newest first. Sparse: anonymous galleries are not in it.</li>
 * </ul>
 * A gallery's images are an ordered list of image ids on its own item, so that adding, removing and reordering are
 * one conditional write each (on {@code version}): concurrent changes never lose one another, they retry. The list
 * is bounded ({@link GalleryService#MAX_IMAGES}), which keeps the item far below DynamoDB's 400 KB.
 */
public final class GalleryStore {
    public static final String OWNER_INDEX = "by-owner";
    private static final String GALLERY_SK = "GALLERY";

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
                    .setter((i, v) -> i.addedSk = v).tags(StaticAttributeTags.secondarySortKey(OWNER_INDEX)))
            .addAttribute(Long.class, a -> a.name("added").getter(i -> i.added).setter((i, v) -> i.added = v))
            .addAttribute(Long.class, a -> a.name("updated").getter(i -> i.updated).setter((i, v) -> i.updated = v))
            .addAttribute(Long.class, a -> a.name("version").getter(i -> i.version).setter((i, v) -> i.version = v))
            .addAttribute(software.amazon.awssdk.enhanced.dynamodb.EnhancedType.listOf(String.class),
                    a -> a.name("image_ids").getter(i -> i.imageIds).setter((i, v) -> i.imageIds = v))
            .build();

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final DynamoDbTable<Item> table;

    public GalleryStore(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.table = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo).build().table(tableName, SCHEMA);
    }

    /** Stores a new gallery; false when its name is already taken in the project (nothing is overwritten). */
    public boolean createIfNameFree(Gallery gallery) {
        Item item = toItem(gallery);
        try {
            table.putItem(PutItemEnhancedRequest.builder(Item.class).item(item)
                    .conditionExpression(Expression.builder().expression("attribute_not_exists(pk)").build())
                    .build());
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    public Optional<Gallery> find(String projectId, String name) {
        Item item = table.getItem(r -> r.key(key(projectId, name)));
        // The key holds the project id, so another project's gallery of the same name is simply not found.
        return Optional.ofNullable(item).map(GalleryStore::fromItem);
    }

    /** Writes {@code after} if the stored gallery is still {@code before} (same version); false when it changed. */
    public boolean replace(Gallery before, Gallery after) {
        try {
            table.putItem(PutItemEnhancedRequest.builder(Item.class).item(toItem(after))
                    .conditionExpression(sameVersion(before)).build());
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    /** Deletes the gallery if it is still {@code gallery} (same version); false when it changed or is gone. */
    public boolean delete(Gallery gallery) {
        try {
            table.deleteItem(DeleteItemEnhancedRequest.builder().key(key(gallery.projectId(), gallery.name()))
                    .conditionExpression(sameVersion(gallery)).build());
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    /** A page of a user's galleries, newest first, and how many there are. */
    public record Page(int total, List<Gallery> galleries) {
    }

    /**
     * The reference pages by offset: the index is read past {@code start} entries with only their keys, then one
     * page with everything. A deep page costs its offset in index reads, never a table scan.
     */
    public Page byOwner(String projectId, String userId, int start, int limit) {
        Map<String, AttributeValue> values = Map.of(":o", AttributeValue.fromS(ownerPk(projectId, userId)));
        int total = 0;
        Map<String, AttributeValue> from = null;
        do {
            var startKey = from;
            QueryResponse counted = dynamo.query(indexQuery(values, startKey).select(Select.COUNT).build());
            total += counted.count();
            from = counted.hasLastEvaluatedKey() && !counted.lastEvaluatedKey().isEmpty()
                    ? counted.lastEvaluatedKey() : null;
        } while (from != null);

        Map<String, AttributeValue> skipTo = null;
        int skipped = 0;
        while (skipped < start && skipped < total) {
            var startKey = skipTo;
            QueryResponse keys = dynamo.query(indexQuery(values, startKey).limit(Math.min(1000, start - skipped))
                    .projectionExpression("pk, sk, owner_pk, added_sk").build());
            skipped += keys.count();
            if (!keys.hasLastEvaluatedKey() || keys.lastEvaluatedKey().isEmpty()) {
                return new Page(total, List.of());
            }
            skipTo = keys.lastEvaluatedKey();
        }
        List<Gallery> page = new ArrayList<>();
        while (page.size() < limit && skipped < total) {
            var startKey = skipTo;
            QueryResponse rows = dynamo.query(indexQuery(values, startKey).limit(limit - page.size()).build());
            rows.items().forEach(item -> page.add(fromItem(SCHEMA.mapToItem(item))));
            if (!rows.hasLastEvaluatedKey() || rows.lastEvaluatedKey().isEmpty()) {
                break;
            }
            skipTo = rows.lastEvaluatedKey();
        }
        return new Page(total, page);
    }

    private QueryRequest.Builder indexQuery(Map<String, AttributeValue> values, Map<String, AttributeValue> from) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(tableName).indexName(OWNER_INDEX)
                .keyConditionExpression("owner_pk = :o").expressionAttributeValues(values).scanIndexForward(false);
        return from == null ? query : query.exclusiveStartKey(from);
    }

    private static Expression sameVersion(Gallery gallery) {
        return Expression.builder().expression("version = :v")
                .putExpressionValue(":v", AttributeValue.fromN(Long.toString(gallery.version()))).build();
    }

    static Key key(String projectId, String name) {
        return Key.builder().partitionValue(galleryPk(projectId, name)).sortValue(GALLERY_SK).build();
    }

    static String galleryPk(String projectId, String name) {
        return "P#" + projectId + "#G#" + name;
    }

    static String ownerPk(String projectId, String userId) {
        return "P#" + projectId + "#U#" + userId;
    }

    private static Item toItem(Gallery g) {
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
        item.addedSk = item.ownerPk == null ? null : g.added() + "#" + g.name();
        item.added = g.added().getEpochSecond();
        item.updated = g.updated().getEpochSecond();
        item.version = g.version();
        item.imageIds = g.imageIds().isEmpty() ? null : new ArrayList<>(g.imageIds());
        return item;
    }

    private static Gallery fromItem(Item i) {
        return new Gallery(i.projectId, i.name, i.title, Optional.ofNullable(i.ownerUserId),
                Optional.ofNullable(i.ownerUserName), Optional.ofNullable(i.ownerTokenHash),
                Instant.ofEpochSecond(i.added), Instant.ofEpochSecond(i.updated), i.version == null ? 0 : i.version,
                i.imageIds == null ? List.of() : i.imageIds);
    }
}
