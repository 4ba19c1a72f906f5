package dev.loupe.gallery;

import static dev.loupe.gallery.GalleryKeys.wordPk;
import static dev.loupe.gallery.GalleryKeys.wordSk;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(wordPk(gallery.projectId(), token)));
        item.put("sk", AttributeValue.fromS(wordSk(gallery)));
        item.put("name", AttributeValue.fromS(gallery.name()));
        item.put("title", AttributeValue.fromS(gallery.title()));
        item.put("added", AttributeValue.fromN(Long.toString(gallery.added().getEpochSecond())));
        if (!words.isEmpty()) {
            item.put("words", AttributeValue.fromL(words.stream().map(AttributeValue::fromS).toList()));
        }
        item.put("gallery_version", AttributeValue.fromN(Long.toString(gallery.version())));
        try {
            dynamo.putItem(p -> p.tableName(tableName).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR gallery_version <= :v")
                    .expressionAttributeValues(Map.of(":v", item.get("gallery_version"))));
            return true;
        } catch (ConditionalCheckFailedException newer) {
            return false;
        }
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
        List<WordEntry> entries = rows.items().stream().map(item -> new WordEntry(item.get("sk").s(),
                item.get("name").s(), item.containsKey("title") ? item.get("title").s() : "",
                Instant.ofEpochSecond(Long.parseLong(item.get("added").n())),
                item.containsKey("words") ? item.get("words").l().stream().map(AttributeValue::s).toList()
                        : List.of())).toList();
        boolean more = rows.hasLastEvaluatedKey() && !rows.lastEvaluatedKey().isEmpty();
        return new WordPage(entries, more ? Optional.of(rows.lastEvaluatedKey().get("sk").s()) : Optional.empty());
    }
}
