package dev.loupe.gallery;

import static dev.loupe.gallery.GalleryKeys.AUTHOR_INDEX;
import static dev.loupe.gallery.GalleryKeys.COMMENT_SK;
import static dev.loupe.gallery.GalleryKeys.MOST_COMMENTED_INDEX;
import static dev.loupe.gallery.GalleryKeys.THREAD_INDEX;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.loupe.core.dynamo.Transactions;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Comments, their counters, reports, blocks and settings in the galleries table (keys: {@link GalleryKeys}). Every
 * change of a visible comment moves its target's counter in the same transaction, so the counts stay exact under any
 * mix of concurrent posts, deletes and hides; an image's counter is an item of the images table, in the same
 * transaction (DynamoDB transactions span tables).
 */
public final class CommentStore {

    /** The stored form of a comment, mapped by the enhanced client's static schema (no reflection). */
    static final class Item {
        String pk;
        String sk;
        String commentId;
        String target;
        String threadPk;
        String threadSk;
        String replyTo;
        String authorId;
        String authorPk;
        String authorName;
        String text;
        String created;
        String edited;
        Boolean hidden;
    }

    static final StaticTableSchema<Item> SCHEMA = StaticTableSchema.builder(Item.class)
            .newItemSupplier(Item::new)
            .addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v)
                    .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
                    .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(String.class, a -> a.name("comment_id").getter(i -> i.commentId)
                    .setter((i, v) -> i.commentId = v))
            .addAttribute(String.class, a -> a.name("target").getter(i -> i.target).setter((i, v) -> i.target = v))
            .addAttribute(String.class, a -> a.name("thread_pk").getter(i -> i.threadPk)
                    .setter((i, v) -> i.threadPk = v).tags(StaticAttributeTags.secondaryPartitionKey(THREAD_INDEX)))
            .addAttribute(String.class, a -> a.name("thread_sk").getter(i -> i.threadSk)
                    .setter((i, v) -> i.threadSk = v).tags(StaticAttributeTags.secondarySortKey(THREAD_INDEX)))
            .addAttribute(String.class, a -> a.name("reply_to").getter(i -> i.replyTo)
                    .setter((i, v) -> i.replyTo = v))
            .addAttribute(String.class, a -> a.name("author_id").getter(i -> i.authorId)
                    .setter((i, v) -> i.authorId = v))
            .addAttribute(String.class, a -> a.name("author_pk").getter(i -> i.authorPk)
                    .setter((i, v) -> i.authorPk = v).tags(StaticAttributeTags.secondaryPartitionKey(AUTHOR_INDEX)))
            .addAttribute(String.class, a -> a.name("author_name").getter(i -> i.authorName)
                    .setter((i, v) -> i.authorName = v))
            .addAttribute(String.class, a -> a.name("text").getter(i -> i.text).setter((i, v) -> i.text = v))
            .addAttribute(String.class, a -> a.name("created").getter(i -> i.created)
                    .setter((i, v) -> i.created = v))
            .addAttribute(String.class, a -> a.name("edited").getter(i -> i.edited).setter((i, v) -> i.edited = v))
            .addAttribute(Boolean.class, a -> a.name("hidden").getter(i -> i.hidden).setter((i, v) -> i.hidden = v))
            .build();

    /**
     * Where a target's count lives: the gallery's counter item (with the gallery's name, and the most-commented
     * index's key while it is public) or the image's counter item in the images table.
     */
    public record Counter(String table, Map<String, AttributeValue> key, Optional<String> galleryName,
                          Optional<String> commentedPk) {
    }

    /** A page of a thread and where the next one starts. */
    public record Page(List<Comment> comments, Optional<String> next) {
    }

    /** A reported comment: how many signed-in users reported it, the last reason given. */
    public record Report(String commentId, String target, int reports, String lastReason, Instant lastReported) {
    }

    /** A page of reports and where the next one starts. */
    public record ReportPage(List<Report> reports, Optional<String> next) {
    }

    /** A gallery's name and count in the most-commented index. */
    public record Commented(String name, long comments) {
    }

    /** A page of the most-commented index and where the next one starts. */
    public record CommentedPage(List<Commented> galleries, Optional<String> next) {
    }

    private final DynamoDbClient dynamo;
    private final String table;

    public CommentStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    String table() {
        return table;
    }

    /**
     * Stores a new comment and counts it, if its target still takes comments ({@code targetCheck}) and its parent,
     * if any, still exists: the cancellation codes when a condition failed (target, comment, counter, parent), else
     * empty.
     */
    List<String> post(Comment comment, Counter counter, TransactWriteItem targetCheck) {
        List<TransactWriteItem> writes = new ArrayList<>(List.of(targetCheck,
                TransactWriteItem.builder().put(p -> p.tableName(table).item(toAttributes(comment))
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                count(counter, 1)));
        comment.replyTo().ifPresent(parent -> writes.add(TransactWriteItem.builder().conditionCheck(c -> c
                .tableName(table).key(GalleryKeys.commentKeyMap(comment.projectId(), parent))
                .conditionExpression("attribute_exists(pk)")).build()));
        return Transactions.write(dynamo, writes);
    }

    public Optional<Comment> find(String projectId, String commentId) {
        if (!dev.loupe.core.Ids.plausible(commentId)) {
            return Optional.empty();
        }
        var item = dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                .key(GalleryKeys.commentKeyMap(projectId, commentId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromAttributes(projectId, item));
    }

    /**
     * {@code limit} comments of a target in thread order from {@code after} (the {@code thread_sk} the previous page
     * ended on): one query of the thread index, however deep the page.
     */
    Page page(String projectId, String target, boolean newestFirst, Optional<String> after, int limit) {
        String threadPk = GalleryKeys.threadPk(projectId, target);
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(THREAD_INDEX)
                .keyConditionExpression("thread_pk = :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(threadPk)))
                .scanIndexForward(!newestFirst).limit(limit);
        after.ifPresent(sk -> {
            String id = sk.substring(sk.lastIndexOf('#') + 1);
            Map<String, AttributeValue> start = new HashMap<>(GalleryKeys.commentKeyMap(projectId, id));
            start.put("thread_pk", AttributeValue.fromS(threadPk));
            start.put("thread_sk", AttributeValue.fromS(sk));
            query.exclusiveStartKey(start);
        });
        QueryResponse rows = dynamo.query(query.build());
        List<Comment> comments = rows.items().stream().map(item -> fromAttributes(projectId, item)).toList();
        boolean more = rows.hasLastEvaluatedKey() && !rows.lastEvaluatedKey().isEmpty();
        return new Page(comments, more ? Optional.of(rows.lastEvaluatedKey().get("thread_sk").s())
                : Optional.empty());
    }

    /** Every comment a registered user wrote in the project, page by page of the comments-by-author index. */
    List<Comment> allByAuthor(String projectId, String userId) {
        List<Comment> all = new ArrayList<>();
        Map<String, AttributeValue> from = null;
        do {
            QueryResponse rows = dynamo.query(QueryRequest.builder().tableName(table).indexName(AUTHOR_INDEX)
                    .keyConditionExpression("author_pk = :a")
                    .expressionAttributeValues(Map.of(":a", AttributeValue.fromS(GalleryKeys.authorPk(projectId,
                            userId))))
                    .exclusiveStartKey(from).build());
            rows.items().forEach(item -> all.add(fromAttributes(projectId, item)));
            from = rows.hasLastEvaluatedKey() && !rows.lastEvaluatedKey().isEmpty() ? rows.lastEvaluatedKey() : null;
        } while (from != null);
        return all;
    }

    /** The author's new text, if the comment still exists; false when it is gone. */
    boolean replaceText(Comment edited) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(GalleryKeys.commentKeyMap(edited.projectId(),
                            edited.commentId()))
                    .conditionExpression("attribute_exists(pk)")
                    .updateExpression("SET #text = :text, edited = :edited")
                    .expressionAttributeNames(Map.of("#text", "text"))
                    .expressionAttributeValues(Map.of(":text", AttributeValue.fromS(edited.text()),
                            ":edited", AttributeValue.fromS(edited.edited().orElseThrow().toString()))));
            return true;
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
    }

    /**
     * Hides or shows a comment that is still as read ({@code comment.hidden()}), moving the count with it: false
     * when it changed or is gone meanwhile.
     */
    boolean setHidden(Comment comment, boolean hidden, Counter counter) {
        return Transactions.write(dynamo, List.of(
                TransactWriteItem.builder().update(u -> u.tableName(table)
                        .key(GalleryKeys.commentKeyMap(comment.projectId(), comment.commentId()))
                        .conditionExpression("attribute_exists(pk) AND #h = :was")
                        .updateExpression("SET #h = :now")
                        .expressionAttributeNames(Map.of("#h", "hidden"))
                        .expressionAttributeValues(Map.of(":was", AttributeValue.fromBool(comment.hidden()),
                                ":now", AttributeValue.fromBool(hidden)))).build(),
                count(counter, hidden ? -1 : 1))).isEmpty();
    }

    /**
     * Deletes a comment that is still as read (hidden or not: a hidden one is already out of the count), with its
     * report entry: false when it changed or is gone meanwhile.
     */
    boolean delete(Comment comment, Counter counter) {
        return delete(comment, Optional.of(counter), Optional.empty());
    }

    /**
     * As {@link #delete(Comment, Counter)}, counted only with a counter, and only while {@code targetCheck} holds
     * (the gallery is still the one the counter counts for): false when either changed.
     */
    boolean delete(Comment comment, Optional<Counter> counter, Optional<TransactWriteItem> targetCheck) {
        List<TransactWriteItem> writes = new ArrayList<>(List.of(
                TransactWriteItem.builder().delete(d -> d.tableName(table)
                        .key(GalleryKeys.commentKeyMap(comment.projectId(), comment.commentId()))
                        .conditionExpression("attribute_exists(pk) AND #h = :was")
                        .expressionAttributeNames(Map.of("#h", "hidden"))
                        .expressionAttributeValues(Map.of(":was", AttributeValue.fromBool(comment.hidden()))))
                        .build(),
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(GalleryKeys.reportKeyMap(
                        comment.projectId(), comment.target(), comment.commentId()))).build()));
        if (!comment.hidden() && counter.isPresent()) {
            writes.add(count(counter.get(), -1));
        }
        targetCheck.ifPresent(writes::add);
        return Transactions.write(dynamo, writes).isEmpty();
    }

    /** Counts one user's report of a comment; false when that user had reported it already. */
    boolean report(Comment comment, String reporterId, String reason, Instant when) {
        try {
            dynamo.updateItem(u -> u.tableName(table)
                    .key(GalleryKeys.reportKeyMap(comment.projectId(), comment.target(), comment.commentId()))
                    .conditionExpression("attribute_not_exists(reporters) OR NOT contains(reporters, :who)")
                    .updateExpression("ADD reports :one, reporters :whoSet SET comment_id = :id, #target = :target, "
                            + "last_reason = :reason, last_reported = :when")
                    .expressionAttributeNames(Map.of("#target", "target"))
                    .expressionAttributeValues(Map.of(":who", AttributeValue.fromS(reporterId),
                            ":whoSet", AttributeValue.fromSs(List.of(reporterId)),
                            ":one", AttributeValue.fromN("1"),
                            ":id", AttributeValue.fromS(comment.commentId()),
                            ":target", AttributeValue.fromS(comment.target()),
                            ":reason", AttributeValue.fromS(reason),
                            ":when", AttributeValue.fromS(when.toString()))));
            return true;
        } catch (ConditionalCheckFailedException already) {
            return false;
        }
    }

    /** Reported comments whose target begins with {@code targetPrefix} (empty: the whole project), by target. */
    ReportPage reports(String projectId, String targetPrefix, Optional<String> after, int limit) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk",
                AttributeValue.fromS(GalleryKeys.reportsPk(projectId))));
        String condition = "pk = :pk";
        if (!targetPrefix.isEmpty()) {
            condition += " AND begins_with(sk, :prefix)";
            values.put(":prefix", AttributeValue.fromS(targetPrefix));
        }
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression(condition).expressionAttributeValues(values).limit(limit);
        after.ifPresent(sk -> query.exclusiveStartKey(Map.of("pk", values.get(":pk"), "sk",
                AttributeValue.fromS(sk))));
        QueryResponse rows = dynamo.query(query.build());
        List<Report> reports = rows.items().stream().map(i -> new Report(i.get("comment_id").s(),
                i.get("target").s(), Integer.parseInt(i.get("reports").n()), i.get("last_reason").s(),
                Instant.parse(i.get("last_reported").s()))).toList();
        boolean more = rows.hasLastEvaluatedKey() && !rows.lastEvaluatedKey().isEmpty();
        return new ReportPage(reports, more ? Optional.of(rows.lastEvaluatedKey().get("sk").s()) : Optional.empty());
    }

    void block(String projectId, Gallery gallery, String userId) {
        dynamo.putItem(p -> p.tableName(table).item(GalleryKeys.galleryBlockKeyMap(projectId, gallery, userId)));
    }

    void unblock(String projectId, Gallery gallery, String userId) {
        dynamo.deleteItem(d -> d.tableName(table).key(GalleryKeys.galleryBlockKeyMap(projectId, gallery, userId)));
    }

    boolean blocked(String projectId, Gallery gallery, String userId) {
        var item = dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                .key(GalleryKeys.galleryBlockKeyMap(projectId, gallery, userId))).item();
        return item != null && !item.isEmpty();
    }

    /** What the purge of a deleted gallery's comments removed. */
    public record Purged(int comments, int reports, int blocks) {
        public int total() {
            return comments + reports + blocks;
        }
    }

    /**
     * Removes every comment, report entry and block-list entry a deleted gallery left, when {@code change} (one
     * record of the galleries table's stream) is a gallery item's removal; anything else purges nothing. Its
     * target carries the removed gallery's added time, so a gallery created since under the same name keeps its own.
     * The counter went with the gallery (same transaction), and the gallery was marked deleting before that, so no
     * post can add to the target meanwhile. Each kind is read a page at a time, and each item is deleted by key: a
     * redelivered record deletes what is already gone, which changes nothing.
     */
    public Purged purgeDeleted(GallerySearch.Change change) {
        if (!change.newImage().isEmpty()) {
            return new Purged(0, 0, 0);
        }
        Optional<Gallery> removed = GalleryStore.decode(change.oldImage());
        if (removed.isEmpty()) {
            return new Purged(0, 0, 0);
        }
        Gallery gallery = removed.get();
        String projectId = gallery.projectId();
        String target = GalleryKeys.galleryTarget(gallery);
        String threadPk = GalleryKeys.threadPk(projectId, target);
        int comments = deleteAll(from -> threadKeys(threadPk, from));
        int reports = deleteAll(from -> tableKeys("pk = :pk AND begins_with(sk, :prefix)",
                Map.of(":pk", AttributeValue.fromS(GalleryKeys.reportsPk(projectId)),
                        ":prefix", AttributeValue.fromS(target + "#")), from));
        int blocks = deleteAll(from -> tableKeys("pk = :pk",
                Map.of(":pk", AttributeValue.fromS(GalleryKeys.galleryBlocksPk(projectId, gallery))), from));
        return new Purged(comments, reports, blocks);
    }

    /** Deletes every item the pages find (keys only), page by page from the first ({@code null}); how many. */
    private int deleteAll(java.util.function.Function<Map<String, AttributeValue>, QueryResponse> page) {
        int deleted = 0;
        Map<String, AttributeValue> from = null;
        do {
            QueryResponse rows = page.apply(from);
            for (Map<String, AttributeValue> row : rows.items()) {
                dynamo.deleteItem(d -> d.tableName(table).key(Map.of("pk", row.get("pk"), "sk", row.get("sk"))));
                deleted++;
            }
            from = rows.hasLastEvaluatedKey() && !rows.lastEvaluatedKey().isEmpty() ? rows.lastEvaluatedKey() : null;
        } while (from != null);
        return deleted;
    }

    /** A page of a thread's comment keys, from the thread index. */
    private QueryResponse threadKeys(String threadPk, Map<String, AttributeValue> from) {
        return dynamo.query(QueryRequest.builder().tableName(table).indexName(THREAD_INDEX)
                .keyConditionExpression("thread_pk = :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(threadPk)))
                .projectionExpression("pk, sk").exclusiveStartKey(from).build());
    }

    /** A page of the table's keys that {@code condition} finds. */
    private QueryResponse tableKeys(String condition, Map<String, AttributeValue> values,
                                    Map<String, AttributeValue> from) {
        return dynamo.query(QueryRequest.builder().tableName(table).keyConditionExpression(condition)
                .expressionAttributeValues(values).projectionExpression("pk, sk").exclusiveStartKey(from).build());
    }

    /** Whether the gallery's owner lets visitors without an account comment under a name. */
    boolean anonymousAllowed(Gallery gallery) {
        var item = dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                .key(GalleryKeys.commentsCounterKeyMap(gallery.projectId(), gallery.name()))).item();
        return item != null && item.containsKey("anonymous_comments") && item.get("anonymous_comments").bool();
    }

    void setAnonymousAllowed(Gallery gallery, boolean allowed) {
        dynamo.updateItem(u -> u.tableName(table)
                .key(GalleryKeys.commentsCounterKeyMap(gallery.projectId(), gallery.name()))
                .updateExpression("SET anonymous_comments = :a")
                .expressionAttributeValues(Map.of(":a", AttributeValue.fromBool(allowed))));
    }

    /** The most-commented index, most first, from {@code after} (the previous page's {@code next}). */
    CommentedPage mostCommented(String projectId, Optional<String> after, int limit) {
        String commentedPk = GalleryKeys.commentedPk(projectId);
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(MOST_COMMENTED_INDEX)
                .keyConditionExpression("commented_pk = :c")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(commentedPk)))
                .scanIndexForward(false).limit(limit);
        after.ifPresent(cursor -> {
            int cut = cursor.indexOf('#');
            String name = cursor.substring(cut + 1);
            Map<String, AttributeValue> start = new HashMap<>(GalleryKeys.commentsCounterKeyMap(projectId, name));
            start.put("commented_pk", AttributeValue.fromS(commentedPk));
            start.put("comment_count", AttributeValue.fromN(cursor.substring(0, cut)));
            query.exclusiveStartKey(start);
        });
        QueryResponse rows = dynamo.query(query.build());
        List<Commented> galleries = rows.items().stream().map(i -> new Commented(i.get("name").s(),
                Long.parseLong(i.get("comment_count").n()))).toList();
        boolean more = rows.hasLastEvaluatedKey() && !rows.lastEvaluatedKey().isEmpty() && !galleries.isEmpty();
        return new CommentedPage(galleries, more ? Optional.of(galleries.getLast().comments() + "#"
                + galleries.getLast().name()) : Optional.empty());
    }

    /**
     * Moves a target's count; a gallery's counter also carries its name and, while the gallery is public, the
     * most-commented index's key.
     */
    private static TransactWriteItem count(Counter counter, int by) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":d", AttributeValue.fromN(Integer.toString(by))));
        StringBuilder update = new StringBuilder("ADD comment_count :d");
        Map<String, String> names = new HashMap<>();
        counter.galleryName().ifPresent(name -> {
            update.append(" SET #n = :name");
            names.put("#n", "name");
            values.put(":name", AttributeValue.fromS(name));
            counter.commentedPk().ifPresent(pk -> {
                update.append(", commented_pk = :cp");
                values.put(":cp", AttributeValue.fromS(pk));
            });
            if (counter.commentedPk().isEmpty()) {
                update.append(" REMOVE commented_pk");
            }
        });
        return TransactWriteItem.builder().update(u -> u.tableName(counter.table()).key(counter.key())
                .updateExpression(update.toString()).expressionAttributeValues(values)
                .expressionAttributeNames(names.isEmpty() ? null : names)).build();
    }

    private static Map<String, AttributeValue> toAttributes(Comment c) {
        Item i = new Item();
        i.pk = GalleryKeys.commentKeyMap(c.projectId(), c.commentId()).get("pk").s();
        i.sk = COMMENT_SK;
        i.commentId = c.commentId();
        i.target = c.target();
        i.threadPk = GalleryKeys.threadPk(c.projectId(), c.target());
        i.threadSk = c.threadSk();
        i.replyTo = c.replyTo().orElse(null);
        i.authorId = c.authorId().orElse(null);
        i.authorPk = c.authorId().map(id -> GalleryKeys.authorPk(c.projectId(), id)).orElse(null);
        i.authorName = c.authorName();
        i.text = c.text();
        i.created = c.created().toString();
        i.edited = c.edited().map(Instant::toString).orElse(null);
        i.hidden = c.hidden();
        return SCHEMA.itemToMap(i, true);
    }

    private static Comment fromAttributes(String projectId, Map<String, AttributeValue> attributes) {
        Item i = SCHEMA.mapToItem(attributes);
        return new Comment(projectId, i.commentId, i.target, i.threadSk, Optional.ofNullable(i.replyTo),
                Optional.ofNullable(i.authorId), i.authorName, i.text, Instant.parse(i.created),
                Optional.ofNullable(i.edited).map(Instant::parse), Boolean.TRUE.equals(i.hidden));
    }
}
