package dev.loupe.library;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Export records in the images table: {@code pk = P#<project>#X#<export>}, {@code sk = EXPORT}. A build claims the
 * record by raising its attempt number; it can only finish (ready or failed) the record while its attempt is the
 * latest and the record is building, so a late or repeated build never overwrites a newer result.
 */
public final class ExportStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public ExportStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Records a new export; false when the id is taken (never overwrites). */
    public boolean create(FolderExport export) {
        Map<String, AttributeValue> item = new HashMap<>(key(export.projectId(), export.exportId()));
        item.put("project_id", s(export.projectId()));
        item.put("export_id", s(export.exportId()));
        item.put("folder_id", s(export.folderId()));
        item.put("folder_name", s(export.folderName()));
        item.put("status", s(export.status().name()));
        export.failure().ifPresent(f -> item.put("failure", s(f)));
        item.put("image_count", n(export.imageCount()));
        item.put("size", n(export.size()));
        item.put("attempt", n(export.attempt()));
        item.put("requested_by_id", s(export.requestedBy().id()));
        item.put("requested_by_name", s(export.requestedBy().name()));
        item.put("created", s(export.created().toString()));
        item.put("updated", s(export.updated().toString()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    public Optional<FolderExport> find(String projectId, String exportId) {
        var response = dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(key(projectId, exportId)));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(export(response.item()))
                : Optional.empty();
    }

    /** Starts a build of a pending export, or again of one whose build died; empty when it is finished. */
    public OptionalInt startBuilding(String projectId, String exportId, Instant now) {
        try {
            var response = dynamo.updateItem(r -> r.tableName(table).key(key(projectId, exportId))
                    .updateExpression("SET #s = :building, updated = :now ADD attempt :one")
                    .conditionExpression("#s IN (:pending, :building)")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":building", s(FolderExport.Status.BUILDING.name()),
                            ":pending", s(FolderExport.Status.PENDING.name()), ":now", s(now.toString()),
                            ":one", n(1)))
                    .returnValues(ReturnValue.ALL_NEW));
            return OptionalInt.of(Integer.parseInt(response.attributes().get("attempt").n()));
        } catch (ConditionalCheckFailedException finished) {
            return OptionalInt.empty();
        }
    }

    /** Marks the build of {@code attempt} ready; false when a newer build took over or the export is finished. */
    public boolean ready(String projectId, String exportId, int attempt, long imageCount, long size, Instant now) {
        return finish(projectId, exportId, attempt, "SET #s = :status, image_count = :count, #size = :size, "
                + "updated = :now", Map.of("#s", "status", "#size", "size"),
                Map.of(":status", s(FolderExport.Status.READY.name()), ":count", n(imageCount), ":size", n(size),
                        ":now", s(now.toString())));
    }

    /** Marks the build of {@code attempt} failed with a reason for people. */
    public boolean failed(String projectId, String exportId, int attempt, String reason, Instant now) {
        return finish(projectId, exportId, attempt, "SET #s = :status, failure = :why, updated = :now",
                Map.of("#s", "status"), Map.of(":status", s(FolderExport.Status.FAILED.name()), ":why", s(reason),
                        ":now", s(now.toString())));
    }

    /** Removes an export that never got its job queued (nothing was built). */
    public void delete(String projectId, String exportId) {
        dynamo.deleteItem(r -> r.tableName(table).key(key(projectId, exportId)));
    }

    private boolean finish(String projectId, String exportId, int attempt, String expression,
                           Map<String, String> names, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":building", s(FolderExport.Status.BUILDING.name()));
        all.put(":attempt", n(attempt));
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(projectId, exportId))
                    .updateExpression(expression)
                    .conditionExpression("#s = :building AND attempt = :attempt")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(all));
            return true;
        } catch (ConditionalCheckFailedException superseded) {
            return false;
        }
    }

    private static FolderExport export(Map<String, AttributeValue> item) {
        return new FolderExport(item.get("project_id").s(), item.get("export_id").s(), item.get("folder_id").s(),
                item.get("folder_name").s(), FolderExport.Status.valueOf(item.get("status").s()),
                Optional.ofNullable(item.get("failure")).map(AttributeValue::s),
                Long.parseLong(item.get("image_count").n()), Long.parseLong(item.get("size").n()),
                Integer.parseInt(item.get("attempt").n()),
                new Person(item.get("requested_by_id").s(), item.get("requested_by_name").s()),
                Instant.parse(item.get("created").s()), Instant.parse(item.get("updated").s()));
    }

    private static Map<String, AttributeValue> key(String projectId, String exportId) {
        return ImageStore.key(LibraryKeys.exportPk(projectId, exportId), LibraryKeys.EXPORT_SK);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
