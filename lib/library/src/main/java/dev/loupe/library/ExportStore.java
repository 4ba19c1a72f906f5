package dev.loupe.library;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
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
    /** The stored form, filled field by field by the enhanced client's static schema (no reflection). */
    static final class Item {
        String pk, sk, projectId, exportId, folderId, folderName, status, failure, requestedById, requestedByName;
        String created, updated;
        Long imageCount, size;
        Integer attempt;
    }

    static final StaticTableSchema<Item> SCHEMA = StaticTableSchema.builder(Item.class).newItemSupplier(Item::new)
            .addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v)
                    .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
                    .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(String.class, a -> a.name("project_id").getter(i -> i.projectId)
                    .setter((i, v) -> i.projectId = v))
            .addAttribute(String.class, a -> a.name("export_id").getter(i -> i.exportId)
                    .setter((i, v) -> i.exportId = v))
            .addAttribute(String.class, a -> a.name("folder_id").getter(i -> i.folderId)
                    .setter((i, v) -> i.folderId = v))
            .addAttribute(String.class, a -> a.name("folder_name").getter(i -> i.folderName)
                    .setter((i, v) -> i.folderName = v))
            .addAttribute(String.class, a -> a.name("status").getter(i -> i.status).setter((i, v) -> i.status = v))
            .addAttribute(String.class, a -> a.name("failure").getter(i -> i.failure).setter((i, v) -> i.failure = v))
            .addAttribute(Long.class, a -> a.name("image_count").getter(i -> i.imageCount)
                    .setter((i, v) -> i.imageCount = v))
            .addAttribute(Long.class, a -> a.name("size").getter(i -> i.size).setter((i, v) -> i.size = v))
            .addAttribute(Integer.class, a -> a.name("attempt").getter(i -> i.attempt).setter((i, v) -> i.attempt = v))
            .addAttribute(String.class, a -> a.name("requested_by_id").getter(i -> i.requestedById)
                    .setter((i, v) -> i.requestedById = v))
            .addAttribute(String.class, a -> a.name("requested_by_name").getter(i -> i.requestedByName)
                    .setter((i, v) -> i.requestedByName = v))
            .addAttribute(String.class, a -> a.name("created").getter(i -> i.created).setter((i, v) -> i.created = v))
            .addAttribute(String.class, a -> a.name("updated").getter(i -> i.updated).setter((i, v) -> i.updated = v))
            .build();

    private final DynamoDbClient dynamo;
    private final String table;

    public ExportStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Records a new export; false when the id is taken (never overwrites). */
    public boolean create(FolderExport export) {
        Map<String, AttributeValue> item = SCHEMA.itemToMap(toItem(export), true);
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    public Optional<FolderExport> find(String projectId, String exportId) {
        var response = dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(key(projectId, exportId)));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(fromItem(SCHEMA.mapToItem(response.item()))) : Optional.empty();
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

    /**
     * Marks an unfinished export failed whichever build ran last: its message went to the dead-letter queue, so no
     * worker will finish it. False when it is already ready or failed (a build finished after all).
     */
    public boolean abandoned(String projectId, String exportId, String reason, Instant now) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(projectId, exportId))
                    .updateExpression("SET #s = :failed, failure = :why, updated = :now")
                    .conditionExpression("#s IN (:pending, :building)")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":failed", s(FolderExport.Status.FAILED.name()),
                            ":why", s(reason), ":now", s(now.toString()),
                            ":pending", s(FolderExport.Status.PENDING.name()),
                            ":building", s(FolderExport.Status.BUILDING.name()))));
            return true;
        } catch (ConditionalCheckFailedException finished) {
            return false;
        }
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

    static Item toItem(FolderExport export) {
        Item i = new Item();
        i.pk = LibraryKeys.exportPk(export.projectId(), export.exportId());
        i.sk = LibraryKeys.EXPORT_SK;
        i.projectId = export.projectId();
        i.exportId = export.exportId();
        i.folderId = export.folderId();
        i.folderName = export.folderName();
        i.status = export.status().name();
        i.failure = export.failure().orElse(null);
        i.imageCount = export.imageCount();
        i.size = export.size();
        i.attempt = export.attempt();
        i.requestedById = export.requestedBy().id();
        i.requestedByName = export.requestedBy().name();
        i.created = export.created().toString();
        i.updated = export.updated().toString();
        return i;
    }

    static FolderExport fromItem(Item i) {
        return new FolderExport(i.projectId, i.exportId, i.folderId, i.folderName,
                FolderExport.Status.valueOf(i.status), Optional.ofNullable(i.failure), i.imageCount, i.size, i.attempt,
                new Person(i.requestedById, i.requestedByName), Instant.parse(i.created), Instant.parse(i.updated));
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
