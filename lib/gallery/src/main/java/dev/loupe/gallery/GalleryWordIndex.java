package dev.loupe.gallery;

import static dev.loupe.gallery.GalleryKeys.wordPk;
import static dev.loupe.gallery.GalleryKeys.wordSk;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The word index of listed galleries' titles, in the galleries table beside the galleries (its keys and attributes:
 * {@link GalleryKeys}). {@link GallerySearch} writes it from the table's stream and reads it to answer a search;
 * every write is conditional on the gallery version it was made from, so that a stale record never wins.
 */
public final class GalleryWordIndex {
    /** An entry as stored, filled field by field by the enhanced client's static schema (no reflection). */
    static final class Item {
        String pk, sk, name, title;
        Long added, galleryVersion;
        List<String> words;
    }

    static final StaticTableSchema<Item> SCHEMA = StaticTableSchema.builder(Item.class).newItemSupplier(Item::new)
            .addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v)
                    .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
                    .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(String.class, a -> a.name("name").getter(i -> i.name).setter((i, v) -> i.name = v))
            .addAttribute(String.class, a -> a.name("title").getter(i -> i.title).setter((i, v) -> i.title = v))
            .addAttribute(Long.class, a -> a.name("added").getter(i -> i.added).setter((i, v) -> i.added = v))
            .addAttribute(EnhancedType.listOf(String.class), a -> a.name("words").getter(i -> i.words)
                    .setter((i, v) -> i.words = v))
            .addAttribute(Long.class, a -> a.name("gallery_version").getter(i -> i.galleryVersion)
                    .setter((i, v) -> i.galleryVersion = v))
            .build();

    private final DynamoDbClient dynamo;
    private final String tableName;

    public GalleryWordIndex(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    /** One entry of the word index, as a search reads it. */
    public record WordEntry(String sk, String name, String title, Instant added, List<String> words) {
    }

    /** One read of a token's entries, newest first, and the position after the last one read, if there are more. */
    public record WordPage(List<WordEntry> entries, Optional<String> lastSk) {
    }

    /**
     * Writes the entry of {@code token} for {@code gallery}, unless an entry written from a newer version of the
     * gallery is there already (answers false then). The same version may overwrite itself: a redelivered record
     * writes what it wrote before.
     */
    public boolean put(Gallery gallery, String token, List<String> words) {
        Map<String, AttributeValue> item = SCHEMA.itemToMap(toItem(gallery, token, words), true);
        try {
            dynamo.putItem(p -> p.tableName(tableName).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR gallery_version <= :v")
                    .expressionAttributeValues(Map.of(":v", item.get("gallery_version"))));
            return true;
        } catch (ConditionalCheckFailedException newer) {
            return false;
        }
    }

    static Item toItem(Gallery gallery, String token, List<String> words) {
        Item entry = new Item();
        entry.pk = wordPk(gallery.projectId(), token);
        entry.sk = wordSk(gallery);
        entry.name = gallery.name();
        entry.title = gallery.title();
        entry.added = gallery.added().getEpochSecond();
        entry.words = words.isEmpty() ? null : List.copyOf(words);
        entry.galleryVersion = gallery.version();
        return entry;
    }

    /**
     * Deletes the entry of {@code token} at {@code sk}, unless it was written from a version of the gallery after
     * {@code upToVersion} (a later change wants it: answers false then). A missing entry is already deleted.
     */
    public boolean delete(String projectId, String token, String sk, long upToVersion) {
        try {
            dynamo.deleteItem(d -> d.tableName(tableName)
                    .key(Map.of("pk", AttributeValue.fromS(wordPk(projectId, token)), "sk", AttributeValue.fromS(sk)))
                    .conditionExpression("attribute_not_exists(pk) OR gallery_version <= :v")
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(upToVersion)))));
            return true;
        } catch (ConditionalCheckFailedException newer) {
            return false;
        }
    }

    /**
     * Up to {@code maxItems} entries of {@code token}, newest first, after {@code afterSk} (exclusive). One query:
     * DynamoDB may answer fewer (1 MB), and then says where to go on.
     */
    public WordPage entries(String projectId, String token, Optional<String> afterSk, int maxItems) {
        AttributeValue pk = AttributeValue.fromS(wordPk(projectId, token));
        QueryRequest.Builder query = QueryRequest.builder().tableName(tableName)
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", pk))
                .projectionExpression("sk, #n, title, added, words")
                .expressionAttributeNames(Map.of("#n", "name"))
                .scanIndexForward(false).limit(maxItems);
        afterSk.ifPresent(sk -> query.exclusiveStartKey(Map.of("pk", pk, "sk", AttributeValue.fromS(sk))));
        QueryResponse rows = dynamo.query(query.build());
        List<WordEntry> entries = rows.items().stream().map(SCHEMA::mapToItem).map(e -> new WordEntry(e.sk, e.name,
                e.title == null ? "" : e.title, Instant.ofEpochSecond(e.added),
                e.words == null ? List.<String>of() : List.copyOf(e.words))).toList();
        boolean more = rows.hasLastEvaluatedKey() && !rows.lastEvaluatedKey().isEmpty();
        return new WordPage(entries, more ? Optional.of(rows.lastEvaluatedKey().get("sk").s()) : Optional.empty());
    }
}
