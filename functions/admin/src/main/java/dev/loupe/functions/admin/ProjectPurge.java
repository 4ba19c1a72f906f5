package dev.loupe.functions.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

import dev.loupe.core.dynamo.ProjectItems;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Deletes everything a deleted project stored, one bounded round per queue message: the items of every table whose
 * partition key begins with {@code P#<project>#} (Loupe's one key convention: GalleryKeys, LibraryKeys, TaskKeys,
 * RateLimiter), then the objects under the project's prefixes in the image and task buckets. Each round reads one
 * page of a table's {@link ProjectItems#INDEX} index (every such item carries {@code project_id}: the DynamoDB
 * client adds it to each write, {@link ProjectItems}), or lists 1,000 objects, deletes what it found and queues the
 * next round with its cursor, so a project of any size is purged inside the function's timeout, reading only its own
 * keys. A message handled twice deletes nothing twice.
 *
 * <p>The purge runs twice: at once, and again after the functions' 60 s project cache has expired everywhere, for
 * anything a token still cached in a warm function wrote meanwhile (and anything the index had not yet shown: it is
 * eventually consistent).
 */
final class ProjectPurge {
    /** Wait before the second pass: longer than the verifiers' 60 s cache of a project. */
    static final Duration SECOND_PASS_DELAY = Duration.ofSeconds(90);
    static final int PAGE = 500;

    /**
     * A round of a purge.
     *
     * @param step   the index into the purge's steps (tables, then bucket prefixes)
     * @param cursor where the step's query or listing goes on: the index's last evaluated key (attribute name to its
     *               string value), or {@code token}: S3's continuation token; null at the start of a step
     * @param pass   1, then 2 for the pass after the cache expired
     */
    record Message(String projectId, int step, Map<String, String> cursor, int pass) {
        Message {
            // The project id is part of every key prefix the purge deletes by: it must be one, never blank.
            if (projectId == null || !projectId.matches("[0-9A-Za-z]{10,40}") || step < 0 || pass < 1 || pass > 2) {
                throw new IllegalArgumentException("a purge message names a project id, a step and pass 1 or 2");
            }
        }

        static Message start(String projectId) {
            return new Message(projectId, 0, null, 1);
        }
    }

    /** A table whose items of a project go, by its key attributes (partition key first). */
    record TableStep(String table, List<String> keyAttributes) {
    }

    /** The objects under {@code <prefix><project>/} in a bucket. */
    record ObjectStep(String bucket, String prefix) {
    }

    /** What a round did. */
    record Round(int deleted, boolean done) {
    }

    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    private final List<Object> steps;
    private final BiConsumer<Message, Duration> next;

    /**
     * @param next sends the next round's message after a delay
     */
    ProjectPurge(DynamoDbClient dynamoDb, S3Client s3, List<TableStep> tables, List<ObjectStep> objects,
                 BiConsumer<Message, Duration> next) {
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
        this.steps = new ArrayList<>();
        this.steps.addAll(tables);
        this.steps.addAll(objects);
        this.next = next;
    }

    Round run(Message message) {
        if (message.step() >= steps.size()) {
            if (message.pass() < 2) {
                next.accept(new Message(message.projectId(), 0, null, 2), SECOND_PASS_DELAY);
                return new Round(0, false);
            }
            return new Round(0, true);
        }
        Object step = steps.get(message.step());
        return switch (step) {
            case TableStep table -> tableRound(message, table);
            case ObjectStep objects -> objectRound(message, objects);
            default -> throw new IllegalStateException("unknown step " + step);
        };
    }

    private Round tableRound(Message message, TableStep step) {
        QueryResponse page = dynamoDb.query(r -> {
            r.tableName(step.table()).indexName(ProjectItems.INDEX).limit(PAGE)
                    .keyConditionExpression("#project = :project")
                    .expressionAttributeNames(Map.of("#project", ProjectItems.ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":project", AttributeValue.fromS(message.projectId())));
            if (message.cursor() != null) {
                Map<String, AttributeValue> start = new HashMap<>();
                message.cursor().forEach((k, v) -> start.put(k, AttributeValue.fromS(v)));
                r.exclusiveStartKey(start);
            }
        });
        // The index holds the table's keys (and its own, left out of each delete's key); an item whose key is not the
        // project's is never deleted, whatever its project_id says.
        String prefix = "P#" + message.projectId() + "#";
        String partitionKey = step.keyAttributes().getFirst();
        List<Map<String, AttributeValue>> keys = page.items().stream()
                .filter(item -> item.get(partitionKey) != null && item.get(partitionKey).s().startsWith(prefix))
                .map(item -> {
                    Map<String, AttributeValue> key = new HashMap<>();
                    step.keyAttributes().forEach(a -> key.put(a, item.get(a)));
                    return key;
                })
                .toList();
        deleteItems(step.table(), keys);
        Map<String, AttributeValue> last = page.lastEvaluatedKey();
        if (last == null || last.isEmpty()) {
            next.accept(new Message(message.projectId(), message.step() + 1, null, message.pass()), Duration.ZERO);
        } else {
            Map<String, String> cursor = new HashMap<>();
            last.forEach((k, v) -> cursor.put(k, v.s()));
            next.accept(new Message(message.projectId(), message.step(), cursor, message.pass()), Duration.ZERO);
        }
        return new Round(keys.size(), false);
    }

    /** BatchWriteItem takes 25 deletes; what it leaves unprocessed is sent again. */
    private void deleteItems(String table, List<Map<String, AttributeValue>> keys) {
        for (int from = 0; from < keys.size(); from += 25) {
            List<WriteRequest> requests = keys.subList(from, Math.min(from + 25, keys.size())).stream()
                    .map(key -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, requests);
            for (int attempt = 0; !pending.isEmpty() && attempt < 5; attempt++) {
                Map<String, List<WriteRequest>> batch = pending;
                pending = dynamoDb.batchWriteItem(r -> r.requestItems(batch)).unprocessedItems();
            }
            if (!pending.isEmpty()) {
                throw new IllegalStateException("DynamoDB left deletes unprocessed in " + table + "; retrying later");
            }
        }
    }

    private Round objectRound(Message message, ObjectStep step) {
        String prefix = step.prefix() + message.projectId() + "/";
        Optional<String> token = Optional.ofNullable(message.cursor()).map(c -> c.get("token"));
        ListObjectsV2Response listing = s3.listObjectsV2(r -> {
            r.bucket(step.bucket()).prefix(prefix).maxKeys(1000);
            token.ifPresent(r::continuationToken);
        });
        List<ObjectIdentifier> objects = listing.contents().stream()
                .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
        if (!objects.isEmpty()) {
            s3.deleteObjects(r -> r.bucket(step.bucket()).delete(d -> d.objects(objects).quiet(true)));
        }
        if (Boolean.TRUE.equals(listing.isTruncated()) && listing.nextContinuationToken() != null) {
            next.accept(new Message(message.projectId(), message.step(),
                    Map.of("token", listing.nextContinuationToken()), message.pass()), Duration.ZERO);
        } else {
            next.accept(new Message(message.projectId(), message.step() + 1, null, message.pass()), Duration.ZERO);
        }
        return new Round(objects.size(), false);
    }
}
