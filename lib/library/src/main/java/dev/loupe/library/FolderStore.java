package dev.loupe.library;

import dev.loupe.core.Ids;
import dev.loupe.core.dynamo.Transactions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.loupe.core.http.Mappers;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Folders and their name claims in the images table ({@link LibraryKeys}): a folder item at {@code F#<folder>} and a
 * claim at {@code N#<lower-case name>} in the project's folders partition, always written together in one
 * transaction, so that a name belongs to exactly one folder whatever races. The folder's {@code image_count} is kept
 * by {@link ImageStore#replace}; this class only reads it and makes deletion conditional on it.
 */
public final class FolderStore {
    private static final String CONDITION_FAILED = Transactions.CONDITION_FAILED;

    /** A folder as stored, filled field by field by the enhanced client's static schema (no reflection). */
    static final class Item {
        String pk, sk, projectId, folderId, name, created, updated;
        Long imageCount;
        Boolean deleting;
    }

    /** A name claim as stored: the folder that holds the name. */
    static final class Claim {
        String pk, sk, folderId;
    }

    static final StaticTableSchema<Item> SCHEMA = StaticTableSchema.builder(Item.class).newItemSupplier(Item::new)
            .addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v)
                    .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
                    .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(String.class, a -> a.name("project_id").getter(i -> i.projectId)
                    .setter((i, v) -> i.projectId = v))
            .addAttribute(String.class, a -> a.name("folder_id").getter(i -> i.folderId)
                    .setter((i, v) -> i.folderId = v))
            .addAttribute(String.class, a -> a.name("name").getter(i -> i.name).setter((i, v) -> i.name = v))
            .addAttribute(Long.class, a -> a.name("image_count").getter(i -> i.imageCount)
                    .setter((i, v) -> i.imageCount = v))
            .addAttribute(String.class, a -> a.name("created").getter(i -> i.created).setter((i, v) -> i.created = v))
            .addAttribute(String.class, a -> a.name("updated").getter(i -> i.updated).setter((i, v) -> i.updated = v))
            .addAttribute(Boolean.class, a -> a.name("deleting").getter(i -> i.deleting)
                    .setter((i, v) -> i.deleting = v))
            .build();

    static final StaticTableSchema<Claim> CLAIM_SCHEMA = StaticTableSchema.builder(Claim.class)
            .newItemSupplier(Claim::new)
            .addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v)
                    .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
                    .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(String.class, a -> a.name("folder_id").getter(i -> i.folderId)
                    .setter((i, v) -> i.folderId = v))
            .build();

    private final DynamoDbClient dynamo;
    private final String table;

    public FolderStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public enum CreateOutcome { CREATED, NAME_TAKEN, ID_TAKEN }

    /** Stores a new folder and claims its name in one transaction; nothing is written unless both are free. */
    public CreateOutcome create(Folder folder) {
        Map<String, AttributeValue> item = SCHEMA.itemToMap(newItem(folder), true);
        List<String> failed = transact(List.of(
                put(item, "attribute_not_exists(pk)"),
                put(claimItem(folder.projectId(), folder.name(), folder.folderId()), "attribute_not_exists(pk)")));
        if (failed.isEmpty()) {
            return CreateOutcome.CREATED;
        }
        return failed.get(1).equals(CONDITION_FAILED) ? CreateOutcome.NAME_TAKEN : CreateOutcome.ID_TAKEN;
    }

    /**
     * A folder by id, read consistently. An item without a name is not a folder: {@code image_count} updates create
     * one when they land after a folder was deleted, and such leftovers must never look like folders.
     */
    public Optional<Folder> find(String projectId, String folderId) {
        var response = dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(key(projectId, folderId)));
        return response.hasItem() ? folder(response.item()) : Optional.empty();
    }

    /** Whether uploads may go into a folder: it exists in the project and is not being deleted. */
    public boolean isOpen(String projectId, String folderId) {
        return Ids.plausible(folderId) && find(projectId, folderId).filter(f -> !f.deleting()).isPresent();
    }

    /** Every folder of a project, those being deleted included, in no particular order. */
    public List<Folder> all(String projectId) {
        List<Folder> folders = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :f)")
                    .expressionAttributeValues(Map.of(":pk", s(LibraryKeys.foldersPk(projectId)),
                            ":f", s(LibraryKeys.FOLDER_SK_PREFIX)))
                    .exclusiveStartKey(from));
            page.items().forEach(item -> folder(item).ifPresent(folders::add));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return folders;
    }

    /** The id of the folder that holds a name (compared without regard to case). */
    public Optional<String> nameHolder(String projectId, String name) {
        var response = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(ImageStore.key(LibraryKeys.foldersPk(projectId), LibraryKeys.folderNameSk(name))));
        return response.hasItem() ? Optional.ofNullable(CLAIM_SCHEMA.mapToItem(response.item()).folderId)
                : Optional.empty();
    }

    public enum RenameOutcome { RENAMED, NAME_TAKEN, STALE }

    /**
     * Renames {@code current} if its name is still the one read and it is not being deleted. A new name (other than
     * in case) moves the claim in the same transaction: the old claim goes, the new one must be free.
     */
    public RenameOutcome rename(Folder current, String newName, Instant now) {
        boolean sameClaim = LibraryKeys.folderNameSk(current.name()).equals(LibraryKeys.folderNameSk(newName));
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(current.projectId(), current.folderId()))
                .updateExpression("SET #name = :new, updated = :now")
                .conditionExpression("#name = :old AND attribute_not_exists(deleting)")
                .expressionAttributeNames(Map.of("#name", "name"))
                .expressionAttributeValues(Map.of(":new", s(newName), ":old", s(current.name()),
                        ":now", s(now.toString())))
                .build()).build());
        if (!sameClaim) {
            writes.add(deleteClaim(current));
            writes.add(put(claimItem(current.projectId(), newName, current.folderId()), "attribute_not_exists(pk)"));
        }
        List<String> failed = transact(writes);
        if (failed.isEmpty()) {
            return RenameOutcome.RENAMED;
        }
        return !sameClaim && failed.get(2).equals(CONDITION_FAILED) && !failed.get(0).equals(CONDITION_FAILED)
                ? RenameOutcome.NAME_TAKEN : RenameOutcome.STALE;
    }

    /**
     * Deletes a folder and its name claim if it holds no images, in one transaction. {@code deleting} says which
     * state the folder must be in: a plain delete needs a folder nobody is purging; the purge finishes only a folder
     * marked for deletion. False when the folder is gone, not empty or not in that state: the caller re-reads.
     */
    public boolean deleteIfEmpty(Folder current, boolean deleting) {
        List<String> failed = transact(List.of(
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key(current.projectId(), current.folderId()))
                        .conditionExpression("attribute_exists(#name) AND "
                                + "(attribute_not_exists(image_count) OR image_count = :zero) AND "
                                + (deleting ? "deleting = :true" : "attribute_not_exists(deleting)"))
                        .expressionAttributeNames(Map.of("#name", "name"))
                        .expressionAttributeValues(deleting ? Map.of(":zero", n(0), ":true", bool())
                                : Map.of(":zero", n(0)))
                        .build()).build(),
                deleteClaim(current)));
        return failed.isEmpty();
    }

    /** Marks a folder for deletion with its images (hidden from then on); false if it is gone or already marked. */
    public boolean markDeleting(Folder current, Instant now) {
        return update(current, "SET deleting = :true, updated = :now",
                "attribute_exists(#name) AND attribute_not_exists(deleting)",
                Map.of(":true", bool(), ":now", s(now.toString())));
    }

    /** Takes a mark back (its purge could not be queued); false if there was none. */
    public boolean unmarkDeleting(Folder current) {
        return update(current, "REMOVE deleting", "attribute_exists(#name) AND deleting = :true",
                Map.of(":true", bool()));
    }

    // ---------------------------------------------------------------- the folder's images (index by-folder)

    /** One page of a folder's image ids from the keys-only index, and where the next page starts. */
    public record IdPage(List<String> imageIds, Optional<Map<String, AttributeValue>> next) {
    }

    /**
     * Up to {@code limit} image ids of a folder, by creation. The index is eventually consistent: callers read the
     * records themselves and treat an id as a hint. {@code createdBefore} bounds a job to the images that were there
     * when it was asked for.
     */
    public IdPage imageIds(String projectId, String folderId, boolean newestFirst, int limit,
                           Optional<Map<String, AttributeValue>> start, Optional<Instant> createdBefore) {
        return indexIds(projectId, LibraryKeys.folderIndexPk(projectId, folderId), newestFirst, limit, start,
                createdBefore);
    }

    /**
     * The first {@code limit} ids of a folder's pending and failed images, oldest first ({@link
     * LibraryKeys#folderUnlistedIndexPk}): what the folder's purge deletes after its listed images.
     */
    public IdPage unlistedImageIds(String projectId, String folderId, int limit) {
        return indexIds(projectId, LibraryKeys.folderUnlistedIndexPk(projectId, folderId), false, limit,
                Optional.empty(), Optional.empty());
    }

    private IdPage indexIds(String projectId, String indexPk, boolean newestFirst, int limit,
                            Optional<Map<String, AttributeValue>> start, Optional<Instant> createdBefore) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":fpk", s(indexPk));
        String condition = "folder_pk = :fpk";
        if (createdBefore.isPresent()) {
            condition += " AND folder_sk < :before";
            values.put(":before", s(LibraryKeys.sortableTime(createdBefore.get())));
        }
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(LibraryKeys.FOLDER_INDEX)
                .keyConditionExpression(condition).expressionAttributeValues(values)
                .scanIndexForward(!newestFirst);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> from = start.orElse(null);
        // One more than asked, so that "there is a next page" is known rather than guessed; a page of the index may
        // hold fewer items than asked even when more follow, so read until there are enough.
        do {
            QueryResponse page = dynamo.query(query.exclusiveStartKey(from).limit(limit + 1 - items.size()).build());
            items.addAll(page.items());
            from = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (from != null && items.size() <= limit);
        List<Map<String, AttributeValue>> kept = items.subList(0, Math.min(limit, items.size()));
        Optional<Map<String, AttributeValue>> next = items.size() > limit
                ? Optional.of(indexKey(kept.getLast())) : Optional.empty();
        return new IdPage(kept.stream().map(i -> i.get("pk").s().substring(
                LibraryKeys.imagePk(projectId, "").length())).toList(), next);
    }

    /** An index position as an opaque cursor for clients. */
    public static String cursor(Map<String, AttributeValue> indexKey) {
        Map<String, String> plain = new LinkedHashMap<>();
        indexKey.forEach((name, value) -> plain.put(name, value.s()));
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Mappers.JSON.writeValueAsBytes(plain));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The index position a cursor names, if it is one of this folder's: a cursor is only ever a position in the
     * partition the query reads, so one made up or taken from another folder or project is refused, not followed.
     */
    public static Optional<Map<String, AttributeValue>> fromCursor(String cursor, String projectId, String folderId) {
        Map<String, String> plain;
        try {
            plain = Mappers.JSON.readValue(Base64.getUrlDecoder().decode(cursor), new TypeReference<>() {
            });
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
        if (plain == null || plain.size() != 4 || !LibraryKeys.folderIndexPk(projectId, folderId)
                .equals(plain.get("folder_pk")) || plain.get("pk") == null
                || !plain.get("pk").startsWith(LibraryKeys.imagePk(projectId, "")) || plain.get("folder_sk") == null
                || !LibraryKeys.IMAGE_SK.equals(plain.get("sk"))) {
            return Optional.empty();
        }
        Map<String, AttributeValue> key = new HashMap<>();
        plain.forEach((name, value) -> key.put(name, s(value)));
        return Optional.of(key);
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, AttributeValue> indexKey(Map<String, AttributeValue> item) {
        return Map.of("pk", item.get("pk"), "sk", item.get("sk"), "folder_pk", item.get("folder_pk"),
                "folder_sk", item.get("folder_sk"));
    }

    /** A new folder's item: no images yet. */
    static Item newItem(Folder folder) {
        Item i = new Item();
        i.pk = LibraryKeys.foldersPk(folder.projectId());
        i.sk = LibraryKeys.folderSk(folder.folderId());
        i.projectId = folder.projectId();
        i.folderId = folder.folderId();
        i.name = folder.name();
        i.imageCount = 0L;
        i.created = folder.created().toString();
        i.updated = folder.updated().toString();
        return i;
    }

    private static Optional<Folder> folder(Map<String, AttributeValue> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return Optional.empty();
        }
        Item i = SCHEMA.mapToItem(attributes);
        if (i.name == null || i.folderId == null) {
            return Optional.empty();
        }
        return Optional.of(new Folder(i.projectId, i.folderId, i.name, i.imageCount == null ? 0 : i.imageCount,
                Instant.parse(i.created), Instant.parse(i.updated), Boolean.TRUE.equals(i.deleting)));
    }

    private boolean update(Folder current, String expression, String condition, Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(current.projectId(), current.folderId()))
                    .updateExpression(expression).conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#name", "name")).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    static Map<String, AttributeValue> claimItem(String projectId, String name, String folderId) {
        Claim claim = new Claim();
        claim.pk = LibraryKeys.foldersPk(projectId);
        claim.sk = LibraryKeys.folderNameSk(name);
        claim.folderId = folderId;
        return CLAIM_SCHEMA.itemToMap(claim, true);
    }

    /** The folder's claim goes with it; a claim that is missing already is no reason to refuse. */
    private TransactWriteItem deleteClaim(Folder folder) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(ImageStore.key(LibraryKeys.foldersPk(folder.projectId()), LibraryKeys.folderNameSk(folder.name())))
                .conditionExpression("attribute_not_exists(pk) OR folder_id = :id")
                .expressionAttributeValues(Map.of(":id", s(folder.folderId())))
                .build()).build();
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression(condition).build()).build();
    }

    private List<String> transact(List<TransactWriteItem> writes) {
        return Transactions.write(dynamo, writes);
    }

    private static Map<String, AttributeValue> key(String projectId, String folderId) {
        return ImageStore.key(LibraryKeys.foldersPk(projectId), LibraryKeys.folderSk(folderId));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue bool() {
        return AttributeValue.fromBool(true);
    }
}
