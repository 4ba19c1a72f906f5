package dev.loupe.library;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.loupe.core.dynamo.Transactions;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Image records and their usages in the images table (keys in {@link LibraryKeys}). Items are mapped by a static
 * enhanced-client schema; writes that must happen together (an image changing bucket and the bucket counters, a
 * folder's count) go in one low-level transaction, so totals never drift from the records.
 */
public final class ImageStore {
    /** The stored form of an image; the listing attributes are derived from it on every write. */
    static final class Item {
        String pk;
        String sk;
        String projectId;
        String imageId;
        String folderId;
        String fileName;
        String description;
        String status;
        String failure;
        String extension;
        Integer width;
        Integer height;
        Integer pages;
        Long fileSize;
        String md5;
        String etag;
        String objectKey;
        List<Integer> thumbnailSizes;
        Map<String, String> exif;
        Boolean gpsPublic;
        String createdById;
        String createdByName;
        String modifiedById;
        String modifiedByName;
        String created;
        String modified;
        Long version;
        List<Integer> renditionWidths;
        String placeholderType;
        String placeholder;
        // Listing and folder index attributes (LibraryKeys): present only while the image is listed.
        String listPk;
        String listAllPk;
        String sName;
        String sCreatedBy;
        String sCreated;
        String sModified;
        String folderPk;
        String folderSk;
        // Set while the image's prefixes are counted in the rank blocks (RankBlocks): a listed image written since.
        Boolean rankCounted;
    }

    /** A usage of an image ({@code sk = USAGE#<feature>#<ref>} in the image's partition), as stored. */
    static final class UsageItem {
        String pk, sk, feature, ref, name, link, added, imageDeleted;
    }

    static final StaticTableSchema<UsageItem> USAGE_SCHEMA = StaticTableSchema.builder(UsageItem.class)
            .newItemSupplier(UsageItem::new)
            .addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v)
                    .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
                    .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(String.class, a -> a.name("feature").getter(i -> i.feature).setter((i, v) -> i.feature = v))
            .addAttribute(String.class, a -> a.name("ref").getter(i -> i.ref).setter((i, v) -> i.ref = v))
            .addAttribute(String.class, a -> a.name("name").getter(i -> i.name).setter((i, v) -> i.name = v))
            .addAttribute(String.class, a -> a.name("link").getter(i -> i.link).setter((i, v) -> i.link = v))
            .addAttribute(String.class, a -> a.name("added").getter(i -> i.added).setter((i, v) -> i.added = v))
            .addAttribute(String.class, a -> a.name("image_deleted").getter(i -> i.imageDeleted)
                    .setter((i, v) -> i.imageDeleted = v))
            .build();

    static final StaticTableSchema<Item> SCHEMA = StaticTableSchema.builder(Item.class)
            .newItemSupplier(Item::new)
            .addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v)
                    .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
                    .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(String.class, a -> a.name("project_id").getter(i -> i.projectId)
                    .setter((i, v) -> i.projectId = v))
            .addAttribute(String.class, a -> a.name("image_id").getter(i -> i.imageId)
                    .setter((i, v) -> i.imageId = v))
            .addAttribute(String.class, a -> a.name("folder_id").getter(i -> i.folderId)
                    .setter((i, v) -> i.folderId = v))
            .addAttribute(String.class, a -> a.name("file_name").getter(i -> i.fileName)
                    .setter((i, v) -> i.fileName = v))
            .addAttribute(String.class, a -> a.name("description").getter(i -> i.description)
                    .setter((i, v) -> i.description = v))
            .addAttribute(String.class, a -> a.name("status").getter(i -> i.status).setter((i, v) -> i.status = v))
            .addAttribute(String.class, a -> a.name("failure").getter(i -> i.failure)
                    .setter((i, v) -> i.failure = v))
            .addAttribute(String.class, a -> a.name("extension").getter(i -> i.extension)
                    .setter((i, v) -> i.extension = v))
            .addAttribute(Integer.class, a -> a.name("width").getter(i -> i.width).setter((i, v) -> i.width = v))
            .addAttribute(Integer.class, a -> a.name("height").getter(i -> i.height)
                    .setter((i, v) -> i.height = v))
            .addAttribute(Integer.class, a -> a.name("pages").getter(i -> i.pages).setter((i, v) -> i.pages = v))
            .addAttribute(Long.class, a -> a.name("file_size").getter(i -> i.fileSize)
                    .setter((i, v) -> i.fileSize = v))
            .addAttribute(String.class, a -> a.name("md5").getter(i -> i.md5).setter((i, v) -> i.md5 = v))
            .addAttribute(String.class, a -> a.name("etag").getter(i -> i.etag).setter((i, v) -> i.etag = v))
            .addAttribute(String.class, a -> a.name("object_key").getter(i -> i.objectKey)
                    .setter((i, v) -> i.objectKey = v))
            .addAttribute(EnhancedType.listOf(Integer.class), a -> a.name("thumbnail_sizes")
                    .getter(i -> i.thumbnailSizes).setter((i, v) -> i.thumbnailSizes = v))
            .addAttribute(EnhancedType.listOf(Integer.class), a -> a.name("rendition_widths")
                    .getter(i -> i.renditionWidths).setter((i, v) -> i.renditionWidths = v))
            .addAttribute(String.class, a -> a.name("placeholder_type").getter(i -> i.placeholderType)
                    .setter((i, v) -> i.placeholderType = v))
            .addAttribute(String.class, a -> a.name("placeholder").getter(i -> i.placeholder)
                    .setter((i, v) -> i.placeholder = v))
            .addAttribute(EnhancedType.mapOf(String.class, String.class), a -> a.name("exif")
                    .getter(i -> i.exif).setter((i, v) -> i.exif = v))
            .addAttribute(Boolean.class, a -> a.name("gps_public").getter(i -> i.gpsPublic)
                    .setter((i, v) -> i.gpsPublic = v))
            .addAttribute(String.class, a -> a.name("created_by_id").getter(i -> i.createdById)
                    .setter((i, v) -> i.createdById = v))
            .addAttribute(String.class, a -> a.name("created_by_name").getter(i -> i.createdByName)
                    .setter((i, v) -> i.createdByName = v))
            .addAttribute(String.class, a -> a.name("modified_by_id").getter(i -> i.modifiedById)
                    .setter((i, v) -> i.modifiedById = v))
            .addAttribute(String.class, a -> a.name("modified_by_name").getter(i -> i.modifiedByName)
                    .setter((i, v) -> i.modifiedByName = v))
            .addAttribute(String.class, a -> a.name("created").getter(i -> i.created)
                    .setter((i, v) -> i.created = v))
            .addAttribute(String.class, a -> a.name("modified").getter(i -> i.modified)
                    .setter((i, v) -> i.modified = v))
            .addAttribute(Long.class, a -> a.name("version").getter(i -> i.version).setter((i, v) -> i.version = v))
            .addAttribute(String.class, a -> a.name("list_pk").getter(i -> i.listPk)
                    .setter((i, v) -> i.listPk = v))
            .addAttribute(String.class, a -> a.name("list_all_pk").getter(i -> i.listAllPk)
                    .setter((i, v) -> i.listAllPk = v))
            .addAttribute(String.class, a -> a.name("s_name").getter(i -> i.sName).setter((i, v) -> i.sName = v))
            .addAttribute(String.class, a -> a.name("s_createdby").getter(i -> i.sCreatedBy)
                    .setter((i, v) -> i.sCreatedBy = v))
            .addAttribute(String.class, a -> a.name("s_created").getter(i -> i.sCreated)
                    .setter((i, v) -> i.sCreated = v))
            .addAttribute(String.class, a -> a.name("s_modified").getter(i -> i.sModified)
                    .setter((i, v) -> i.sModified = v))
            .addAttribute(String.class, a -> a.name("folder_pk").getter(i -> i.folderPk)
                    .setter((i, v) -> i.folderPk = v))
            .addAttribute(String.class, a -> a.name("folder_sk").getter(i -> i.folderSk)
                    .setter((i, v) -> i.folderSk = v))
            .addAttribute(Boolean.class, a -> a.name(RankBlocks.COUNTED).getter(i -> i.rankCounted)
                    .setter((i, v) -> i.rankCounted = v))
            .build();

    private final DynamoDbClient dynamo;
    private final String table;

    public ImageStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public String tableName() {
        return table;
    }

    /** Records an upload that is waiting for its bytes; false when the id is taken (never overwrites). */
    public boolean putPending(Image image) {
        if (image.status() != ImageStatus.PENDING) {
            throw new IllegalArgumentException("a new image starts PENDING, not " + image.status());
        }
        try {
            dynamo.putItem(r -> r.tableName(table).item(toAttributes(image))
                    .conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    /**
     * Records a presigned upload waiting for its bytes and, in the same transaction, its expiry marker
     * ({@link LibraryKeys#UPLOAD_EXPIRY_SK}, TTL {@code expires_at = failAfter}): when DynamoDB's TTL removes the
     * marker, the stream's REMOVE record fails the upload if it is still pending. False when the id is taken.
     */
    public boolean putPendingUpload(Image image, Instant failAfter) {
        if (image.status() != ImageStatus.PENDING) {
            throw new IllegalArgumentException("a new image starts PENDING, not " + image.status());
        }
        String pk = LibraryKeys.imagePk(image.projectId(), image.imageId());
        Map<String, AttributeValue> marker = Map.of("pk", string(pk), "sk", string(LibraryKeys.UPLOAD_EXPIRY_SK),
                "project_id", string(image.projectId()), "image_id", string(image.imageId()),
                "expires_at", number(failAfter.getEpochSecond()));
        return transact(List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(toAttributes(image))
                        .conditionExpression("attribute_not_exists(pk)").build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(marker).build()).build()));
    }

    /** An id that no image could have ({@link dev.loupe.core.Ids#plausible}) is simply not found, unread. */
    public Optional<Image> find(String projectId, String imageId) {
        if (!dev.loupe.core.Ids.plausible(imageId)) {
            return Optional.empty();
        }
        var response = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(LibraryKeys.imagePk(projectId, imageId), LibraryKeys.IMAGE_SK)));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(fromAttributes(response.item())) : Optional.empty();
    }

    /** Images by key, in the order asked, skipping any that are gone (a listing page's second read). */
    public List<Image> findAll(String projectId, List<String> imageIds) {
        return findAll(projectId, imageIds, false);
    }

    /**
     * As {@link #findAll(String, List)}, read consistently: for a change that takes images just written (a gallery
     * given the files uploaded with its request), where an eventually consistent read could miss them or see them
     * still pending.
     */
    public List<Image> findAllConsistent(String projectId, List<String> imageIds) {
        return findAll(projectId, imageIds, true);
    }

    private List<Image> findAll(String projectId, List<String> requested, boolean consistent) {
        List<String> imageIds = requested.stream().filter(dev.loupe.core.Ids::plausible).toList();
        List<Image> found = new ArrayList<>();
        Map<String, Image> byId = new HashMap<>();
        for (int from = 0; from < imageIds.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = imageIds.subList(from, Math.min(imageIds.size(), from + 100))
                    .stream().distinct()
                    .map(id -> key(LibraryKeys.imagePk(projectId, id), LibraryKeys.IMAGE_SK)).toList();
            Map<String, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes> request =
                    Map.of(table, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                            .keys(keys).consistentRead(consistent).build());
            while (!request.isEmpty()) {
                var asked = request;
                var response = dynamo.batchGetItem(r -> r.requestItems(asked));
                for (var item : response.responses().getOrDefault(table, List.of())) {
                    Image image = fromAttributes(item);
                    byId.put(image.imageId(), image);
                }
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        for (String id : imageIds) {
            Image image = byId.get(id);
            if (image != null) {
                found.add(image);
            }
        }
        return found;
    }

    /**
     * Writes {@code after} in place of {@code before} if nobody changed it meanwhile (same version), moving it between
     * listing buckets and folder counts in the same transaction. False when {@code before} is stale: the caller
     * re-reads and decides again (ingest: someone else already did it; an update: retry or 409).
     */
    public boolean replace(Image before, Image after) {
        if (!before.projectId().equals(after.projectId()) || !before.imageId().equals(after.imageId())) {
            throw new IllegalArgumentException("replace keeps the image's identity");
        }
        Image next = after.toBuilder().version(before.version() + 1).build();
        if (before.status().listed()) {
            // A listed image written since rank blocks exist is counted in them (rank_counted) and gives its prefixes
            // back; one listed before has nothing to give back. The usual case first, then the other: the item says
            // which through the conditions, without a read.
            return replace(before, next, true) || replace(before, next, false);
        }
        return replace(before, next, false);
    }

    private boolean replace(Image before, Image next, boolean beforeCounted) {
        List<TransactWriteItem> writes = new ArrayList<>();
        String condition = !before.status().listed() ? "#v = :v"
                : beforeCounted ? "#v = :v AND attribute_exists(#rc)" : "#v = :v AND attribute_not_exists(#rc)";
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(toAttributes(next))
                .conditionExpression(condition)
                .expressionAttributeNames(before.status().listed()
                        ? Map.of("#v", "version", "#rc", RankBlocks.COUNTED) : Map.of("#v", "version"))
                .expressionAttributeValues(Map.of(":v", number(before.version())))
                .build()).build());
        writes.addAll(RankBlocks.updates(table, before.projectId(), RankBlocks.deltas(
                beforeCounted ? Optional.of(before) : Optional.empty(), Optional.of(next))));
        Map<String, Long> deltas = new HashMap<>();
        if (before.status().listed()) {
            deltas.merge(LibraryKeys.counterAttribute(before.status(), before.extension()), -1L, Long::sum);
        }
        if (next.status().listed()) {
            deltas.merge(LibraryKeys.counterAttribute(next.status(), next.extension()), 1L, Long::sum);
        }
        deltas.values().removeIf(d -> d == 0);
        if (!deltas.isEmpty()) {
            writes.add(counterUpdate(LibraryKeys.countsPk(before.projectId()), LibraryKeys.COUNTS_SK, deltas));
        }
        Map<String, Long> folderDeltas = new HashMap<>();
        before.folderId().filter(f -> before.status().listed()).ifPresent(f -> folderDeltas.merge(f, -1L, Long::sum));
        next.folderId().filter(f -> next.status().listed()).ifPresent(f -> folderDeltas.merge(f, 1L, Long::sum));
        folderDeltas.forEach((folder, delta) -> {
            if (delta > 0) {
                // Only into a folder that exists and is not being deleted: an ADD on a deleted folder's key would
                // leave a nameless counter item behind (an upload ingested after its folder was deleted).
                TransactWriteItem add = counterUpdate(LibraryKeys.foldersPk(before.projectId()),
                        LibraryKeys.folderSk(folder), Map.of("image_count", delta));
                Update guarded = add.update().toBuilder()
                        .conditionExpression("attribute_exists(#fname) AND (attribute_not_exists(#fdel) OR #fdel = :ffalse)")
                        .expressionAttributeNames(with(add.update().expressionAttributeNames(),
                                Map.of("#fname", "name", "#fdel", "deleting")))
                        .expressionAttributeValues(with(add.update().expressionAttributeValues(),
                                Map.of(":ffalse", AttributeValue.fromBool(false))))
                        .build();
                writes.add(TransactWriteItem.builder().update(guarded).build());
            } else if (delta < 0) {
                writes.add(counterUpdate(LibraryKeys.foldersPk(before.projectId()), LibraryKeys.folderSk(folder),
                        Map.of("image_count", delta)));
            }
        });
        return transact(writes);
    }

    /** Whether a folder exists in the project and is not being deleted: where an image may still go. */
    public boolean folderOpen(String projectId, String folderId) {
        var response = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(LibraryKeys.foldersPk(projectId), LibraryKeys.folderSk(folderId))));
        return response.hasItem() && response.item().containsKey("name")
                && !(response.item().containsKey("deleting") && Boolean.TRUE.equals(response.item().get("deleting").bool()));
    }

    private static <V> Map<String, V> with(Map<String, V> a, Map<String, V> b) {
        Map<String, V> both = new HashMap<>(a);
        both.putAll(b);
        return both;
    }

    /** The bucket counters of a project (attribute name to count), read in one consistent get. */
    public Map<String, Long> counters(String projectId) {
        var response = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(LibraryKeys.countsPk(projectId), LibraryKeys.COUNTS_SK)));
        Map<String, Long> counts = new HashMap<>();
        if (response.hasItem()) {
            response.item().forEach((name, value) -> {
                if (name.startsWith("n_") && value.n() != null) {
                    counts.put(name, Long.parseLong(value.n()));
                }
            });
        }
        return counts;
    }

    // ---------------------------------------------------------------- usages

    /** Records (or refreshes) one use of an image; 404-worthy absence is the caller's check. */
    public void putUsage(String projectId, String imageId, ImageUsage usage) {
        dynamo.putItem(r -> r.tableName(table).item(USAGE_SCHEMA.itemToMap(toItem(projectId, imageId, usage), true)));
    }

    /** A usage as put: without {@code image_deleted}, which only the image's deletion sets. */
    static UsageItem toItem(String projectId, String imageId, ImageUsage usage) {
        UsageItem item = new UsageItem();
        item.pk = LibraryKeys.imagePk(projectId, imageId);
        item.sk = LibraryKeys.usageSk(usage.feature(), usage.ref());
        item.feature = usage.feature();
        item.ref = usage.ref();
        item.name = usage.name();
        item.link = usage.link();
        item.added = usage.added().toString();
        return item;
    }

    public void removeUsage(String projectId, String imageId, String feature, String ref) {
        dynamo.deleteItem(r -> r.tableName(table)
                .key(key(LibraryKeys.imagePk(projectId, imageId), LibraryKeys.usageSk(feature, ref))));
    }

    /** How many visible comments the image has: its counter item, 0 before the first comment. */
    public long commentCount(String projectId, String imageId) {
        var item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(LibraryKeys.imagePk(projectId, imageId), LibraryKeys.COMMENT_COUNT_SK))).item();
        return item == null || !item.containsKey("comment_count") ? 0
                : Math.max(0, Long.parseLong(item.get("comment_count").n()));
    }

    public List<ImageUsage> usages(String projectId, String imageId) {
        List<ImageUsage> usages = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :usage)")
                    .expressionAttributeValues(Map.of(":pk", string(LibraryKeys.imagePk(projectId, imageId)),
                            ":usage", string(LibraryKeys.USAGE_SK_PREFIX)))
                    .exclusiveStartKey(from));
            for (var attributes : page.items()) {
                UsageItem item = USAGE_SCHEMA.mapToItem(attributes);
                usages.add(new ImageUsage(item.feature, item.ref, item.name, item.link, Instant.parse(item.added),
                        Optional.ofNullable(item.imageDeleted).map(Instant::parse)));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return usages;
    }

    /** Marks every usage of a deleted image with the time, for the features that show it to let go of it. */
    public void markUsagesDeleted(String projectId, String imageId, Instant when) {
        for (ImageUsage usage : usages(projectId, imageId)) {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(key(LibraryKeys.imagePk(projectId, imageId), LibraryKeys.usageSk(usage.feature(),
                            usage.ref())))
                    .conditionExpression("attribute_exists(pk)")
                    .updateExpression("SET image_deleted = if_not_exists(image_deleted, :t)")
                    .expressionAttributeValues(Map.of(":t", string(when.toString()))));
        }
    }

    // ---------------------------------------------------------------- mapping

    static Map<String, AttributeValue> toAttributes(Image image) {
        return SCHEMA.itemToMap(toItem(image), true);
    }

    static Image fromAttributes(Map<String, AttributeValue> attributes) {
        return fromItem(SCHEMA.mapToItem(attributes));
    }

    static Item toItem(Image g) {
        Item i = new Item();
        i.pk = LibraryKeys.imagePk(g.projectId(), g.imageId());
        i.sk = LibraryKeys.IMAGE_SK;
        i.projectId = g.projectId();
        i.imageId = g.imageId();
        i.folderId = g.folderId().orElse(null);
        i.fileName = g.fileName();
        i.description = g.description();
        i.status = g.status().name();
        i.failure = g.failure().orElse(null);
        i.extension = g.extension();
        i.width = g.width();
        i.height = g.height();
        i.pages = g.pages();
        i.fileSize = g.fileSize();
        i.md5 = g.md5();
        i.etag = g.etag().orElse(null);
        i.objectKey = g.objectKey();
        i.thumbnailSizes = g.thumbnailSizes().isEmpty() ? null : g.thumbnailSizes();
        i.exif = g.exif().isEmpty() ? null : g.exif();
        i.renditionWidths = g.renditionWidths().isEmpty() ? null : g.renditionWidths();
        i.placeholderType = g.placeholder().map(Placeholder::type).orElse(null);
        i.placeholder = g.placeholder().map(Placeholder::value).orElse(null);
        i.gpsPublic = g.gpsPublic();
        i.createdById = g.createdBy().id();
        i.createdByName = g.createdBy().name();
        i.modifiedById = g.modifiedBy().id();
        i.modifiedByName = g.modifiedBy().name();
        i.created = LibraryKeys.sortableTime(g.created());
        i.modified = LibraryKeys.sortableTime(g.modified());
        i.version = g.version();
        if (g.status().listed()) {
            i.listPk = LibraryKeys.bucketPk(g.projectId(), g.status(), g.extension());
            i.listAllPk = LibraryKeys.allPk(g.projectId());
            i.sName = LibraryKeys.sortValue(g.fileName().toLowerCase(Locale.ROOT), g.imageId());
            i.sCreatedBy = LibraryKeys.sortValue(g.createdBy().name().toLowerCase(Locale.ROOT)
                    + LibraryKeys.SEPARATOR + i.created, g.imageId());
            i.sCreated = LibraryKeys.sortValue(i.created, g.imageId());
            i.sModified = LibraryKeys.sortValue(i.modified, g.imageId());
            i.rankCounted = true;
            if (g.folderId().isPresent()) {
                i.folderPk = LibraryKeys.folderIndexPk(g.projectId(), g.folderId().get());
                i.folderSk = i.sCreated;
            }
        } else if (g.folderId().isPresent()
                && (g.status() == ImageStatus.PENDING || g.status() == ImageStatus.FAILED)) {
            // Not listed, but still the folder's: its purge finds it here and deletes it with the folder.
            i.folderPk = LibraryKeys.folderUnlistedIndexPk(g.projectId(), g.folderId().get());
            i.folderSk = LibraryKeys.sortValue(i.created, g.imageId());
        }
        return i;
    }

    static Image fromItem(Item i) {
        return new Image.Builder()
                .projectId(i.projectId).imageId(i.imageId).folderId(Optional.ofNullable(i.folderId))
                .fileName(i.fileName).description(i.description).status(ImageStatus.valueOf(i.status))
                .failure(Optional.ofNullable(i.failure)).extension(i.extension)
                .width(i.width == null ? 0 : i.width).height(i.height == null ? 0 : i.height)
                .pages(i.pages == null ? 0 : i.pages).fileSize(i.fileSize == null ? 0 : i.fileSize).md5(i.md5)
                .etag(Optional.ofNullable(i.etag)).objectKey(i.objectKey)
                .thumbnailSizes(i.thumbnailSizes == null ? List.of() : i.thumbnailSizes)
                .exif(i.exif == null ? Map.of() : i.exif).gpsPublic(Boolean.TRUE.equals(i.gpsPublic))
                .createdBy(new Person(i.createdById, i.createdByName))
                .modifiedBy(new Person(i.modifiedById, i.modifiedByName))
                .created(Instant.parse(i.created)).modified(Instant.parse(i.modified))
                .version(i.version == null ? 0 : i.version)
                .renditionWidths(i.renditionWidths == null ? List.of() : i.renditionWidths)
                .placeholder(i.placeholder == null ? Optional.empty()
                        : Optional.of(new Placeholder(i.placeholderType, i.placeholder)))
                .build();
    }

    // ---------------------------------------------------------------- low-level helpers

    private TransactWriteItem counterUpdate(String pk, String sk, Map<String, Long> deltas) {
        return TransactWriteItem.builder().update(counterAdd(table, pk, sk, deltas)).build();
    }

    /**
     * One ADD of each delta to its number attribute of the item {@code pk, sk}: how the listing's counters, the rank
     * blocks and the word index's counters all move.
     */
    static Update counterAdd(String table, String pk, String sk, Map<String, Long> deltas) {
        StringBuilder expression = new StringBuilder("ADD ");
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        int n = 0;
        for (var delta : deltas.entrySet()) {
            expression.append(n > 0 ? ", " : "").append("#c").append(n).append(" :d").append(n);
            names.put("#c" + n, delta.getKey());
            values.put(":d" + n, number(delta.getValue()));
            n++;
        }
        return Update.builder().tableName(table).key(key(pk, sk)).updateExpression(expression.toString())
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    /**
     * The ids of a project's listed images, from the {@code all-modified} index, keys only, read a page at a time: what
     * the backfills of the rank blocks and the word index walk.
     */
    static List<String> listedImageIds(DynamoDbClient dynamo, String table, String projectId) {
        List<String> ids = new ArrayList<>();
        String imagePrefix = LibraryKeys.imagePk(projectId, "");
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table).indexName("all-modified")
                    .keyConditionExpression("list_all_pk = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(LibraryKeys.allPk(projectId))))
                    .projectionExpression("pk").exclusiveStartKey(from));
            page.items().forEach(key -> ids.add(key.get("pk").s().substring(imagePrefix.length())));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return ids;
    }

    /** Runs a transaction; false when one of its conditions failed (conflicts are retried). */
    private boolean transact(List<TransactWriteItem> writes) {
        return Transactions.write(dynamo, writes).isEmpty();
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", string(pk), "sk", string(sk));
    }

    static AttributeValue string(String value) {
        return AttributeValue.builder().s(value).build();
    }

    static AttributeValue number(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }
}
