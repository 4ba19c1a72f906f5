package dev.loupe.shared.gallery;

import java.time.Instant;
import java.util.Optional;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The galleries table: its key design lives here and nowhere else.
 * <ul>
 * <li>{@code pk = P#<project>#G#<name>}, {@code sk = GALLERY}: one item per gallery. The project id in every key is
 * what keeps one project from reading another's galleries; a conditional put on this key is what makes names unique
 * within a project without a read first.</li>
 * <li>GSI {@code by-owner}: {@code owner_pk = P#<project>#U#<user>}, {@code added_sk = <added ISO>#<name>}: a
 * registered user's galleries, newest first. Sparse: anonymous galleries are not in it.</li>
 * </ul>
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
            .build();

    private final DynamoDbTable<Item> table;

    public GalleryStore(DynamoDbEnhancedClient client, String tableName) {
        this.table = client.table(tableName, SCHEMA);
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
        return item;
    }

    private static Gallery fromItem(Item i) {
        return new Gallery(i.projectId, i.name, i.title, Optional.ofNullable(i.ownerUserId),
                Optional.ofNullable(i.ownerUserName), Optional.ofNullable(i.ownerTokenHash),
                Instant.ofEpochSecond(i.added), Instant.ofEpochSecond(i.updated), i.version == null ? 0 : i.version);
    }
}
