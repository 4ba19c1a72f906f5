package dev.loupe.gallery;

import static dev.loupe.gallery.GalleryKeys.NOTIFICATION_PREFIX;
import static dev.loupe.gallery.GalleryKeys.UNREAD_SK;
import static dev.loupe.gallery.GalleryKeys.followersPk;
import static dev.loupe.gallery.GalleryKeys.notificationsPk;
import static dev.loupe.gallery.GalleryKeys.subscriptionsPk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.loupe.core.dynamo.Transactions;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Subscriptions, followers and notifications in the galleries table (keys: {@link GalleryKeys}). Every write is
 * idempotent: a follow puts both entries, an unfollow deletes both, a notification's put is conditional on its
 * deterministic key and moves the unread count in the same transaction, and so does its first read.
 */
public final class Notifications {
    /** Followers read per fan-out message: bounded work per SQS delivery, the rest in a continuation message. */
    public static final int FOLLOWERS_PAGE = 500;
    /**
     * How long a read notification is kept: then the table's TTL deletes it. Unread ones stay until read, so the
     * unread counter never counts one that expired.
     */
    static final Duration READ_LIFETIME = Duration.ofDays(30);

    private final DynamoDbClient dynamo;
    private final String table;

    public Notifications(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** One entry of a user's subscriptions: {@code kind} is {@code gallery} or {@code user}. */
    public record Subscription(String kind, String target, String name, Instant since) {
    }

    /** A page of subscriptions, and where the next starts. */
    public record SubscriptionPage(List<Subscription> subscriptions, Optional<String> next) {
    }

    /** One notification as its recipient reads it. */
    public record Notification(String id, String kind, Instant at, Optional<String> actorId,
                               Optional<String> actorName, Optional<String> gallery, Optional<String> commentId,
                               int images, boolean unread) {
        /** One line saying what happened, for a digest (plain text: the mail's HTML escapes it). */
        public String summary() {
            String who = actorName().or(this::actorId).orElse("Someone");
            String where = gallery().map(g -> "\"" + g + "\"").orElse("an image");
            return switch (kind) {
                case NotificationFanOut.IMAGES_ADDED -> who + " added " + images + " image" + (images == 1 ? "" : "s")
                        + " to " + where;
                case NotificationFanOut.GALLERY_PUBLISHED -> who + " published the gallery " + where;
                case NotificationFanOut.COMMENT -> who + " commented on your gallery " + where;
                case NotificationFanOut.REPLY -> who + " replied to your comment on " + where;
                default -> who + ": " + kind;
            };
        }
    }

    /** A page of notifications, newest first, the exact unread count, and where the next page starts. */
    public record NotificationPage(long unread, List<Notification> notifications, Optional<String> next) {
    }

    /** A page of followers and, when there are more, the last one read (the next page starts after it). */
    public record Followers(List<String> userIds, Optional<String> last) {
    }

    // ------------------------------------------------------------------ following

    /** Follows (again: the same two items, so a repeated PUT changes nothing but the time). */
    void follow(String projectId, String followerId, String target, String kind, String name, Instant now) {
        Map<String, AttributeValue> entry = new HashMap<>();
        entry.put("pk", s(subscriptionsPk(projectId, followerId)));
        entry.put("sk", s(target));
        entry.put("kind", s(kind));
        entry.put("name", s(name));
        entry.put("since", s(now.toString()));
        Map<String, AttributeValue> follower = Map.of("pk", s(followersPk(projectId, target)), "sk", s(followerId),
                "since", s(now.toString()));
        Transactions.write(dynamo, List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(entry)).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(follower)).build()));
    }

    /** Unfollows: deletes both entries, whether they were there or not. */
    void unfollow(String projectId, String followerId, String target) {
        Transactions.write(dynamo, List.of(
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(Map.of(
                        "pk", s(subscriptionsPk(projectId, followerId)), "sk", s(target)))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(Map.of(
                        "pk", s(followersPk(projectId, target)), "sk", s(followerId)))).build()));
    }

    SubscriptionPage subscriptions(String projectId, String followerId, Optional<String> after, int limit) {
        String pk = subscriptionsPk(projectId, followerId);
        QueryResponse rows = dynamo.query(q -> {
            q.tableName(table).keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s(pk)))
                    .limit(limit);
            after.ifPresent(sk -> q.exclusiveStartKey(Map.of("pk", s(pk), "sk", s(sk))));
        });
        List<Subscription> page = rows.items().stream().map(i -> new Subscription(i.get("kind").s(),
                i.get("sk").s(), i.get("name").s(), Instant.parse(i.get("since").s()))).toList();
        return new SubscriptionPage(page, more(rows) ? Optional.of(rows.lastEvaluatedKey().get("sk").s())
                : Optional.empty());
    }

    /** A page of a gallery's or user's followers, after {@code after} (a follower id), in key order. */
    public Followers followers(String projectId, String target, Optional<String> after, int limit) {
        String pk = followersPk(projectId, target);
        QueryResponse rows = dynamo.query(q -> {
            q.tableName(table).keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s(pk)))
                    .projectionExpression("sk").limit(limit);
            after.ifPresent(sk -> q.exclusiveStartKey(Map.of("pk", s(pk), "sk", s(sk))));
        });
        List<String> ids = rows.items().stream().map(i -> i.get("sk").s()).toList();
        return new Followers(ids, more(rows) && !ids.isEmpty() ? Optional.of(ids.getLast()) : Optional.empty());
    }

    // ------------------------------------------------------------------ notifications

    /** What a notification says, before it has a recipient. */
    public record Event(String projectId, String eventId, String kind, Instant at, Optional<String> actorId,
                        Optional<String> actorName, Optional<String> gallery, Optional<String> commentId,
                        int images) {
    }

    /**
     * The id a recipient sees: the event's time (so that the key sorts newest first) and a hash of the event id
     * (so that one event gives each recipient one key, whatever delivers it and how often).
     */
    static String notificationId(Event event) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(event.eventId().getBytes(StandardCharsets.UTF_8));
            return String.format("%013d", event.at().toEpochMilli()) + "-"
                    + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the event's notification for one recipient, once: true when it was new. The put is conditional on the
     * key's absence and the unread count moves in the same transaction, so a second delivery adds nothing.
     */
    public boolean deliver(Event event, String recipientId) {
        String pk = notificationsPk(event.projectId(), recipientId);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(pk));
        item.put("sk", s(NOTIFICATION_PREFIX + notificationId(event)));
        item.put("kind", s(event.kind()));
        item.put("at", s(event.at().toString()));
        item.put("event_id", s(event.eventId()));
        item.put("unread", AttributeValue.fromBool(true));
        event.actorId().ifPresent(v -> item.put("actor_id", s(v)));
        event.actorName().ifPresent(v -> item.put("actor_name", s(v)));
        event.gallery().ifPresent(v -> item.put("gallery", s(v)));
        event.commentId().ifPresent(v -> item.put("comment_id", s(v)));
        if (event.images() > 0) {
            item.put("images", AttributeValue.fromN(Integer.toString(event.images())));
        }
        List<String> failed = Transactions.write(dynamo, List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                counter(pk, 1)));
        return failed.isEmpty();
    }

    /** Whether the event was queued for its project's events webhook already (one consistent read). */
    public boolean eventWebhookQueued(String projectId, String eventId) {
        return dynamo.getItem(g -> g.tableName(table).consistentRead(true).key(Map.of(
                "pk", s(GalleryKeys.eventWebhookPk(projectId, eventId)), "sk", s(GalleryKeys.WEBHOOK_SK))))
                .hasItem();
    }

    /**
     * Records that the event was queued for its project's events webhook, so that a redelivery queues it no more.
     * The record expires after a week, long after any redelivery.
     */
    public void recordEventWebhookQueued(String projectId, String eventId, Instant now) {
        dynamo.putItem(p -> p.tableName(table).item(Map.of(
                "pk", s(GalleryKeys.eventWebhookPk(projectId, eventId)), "sk", s(GalleryKeys.WEBHOOK_SK),
                "project_id", s(projectId),
                "expires_at", AttributeValue.fromN(Long.toString(now.plus(Duration.ofDays(7)).getEpochSecond())))));
    }

    private TransactWriteItem counter(String pk, int by) {
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Map.of("pk", s(pk), "sk", s(UNREAD_SK)))
                .updateExpression("ADD unread :by")
                .expressionAttributeValues(Map.of(":by", AttributeValue.fromN(Integer.toString(by))))).build();
    }

    public long unread(String projectId, String recipientId) {
        var item = dynamo.getItem(g -> g.tableName(table).consistentRead(true).key(Map.of(
                "pk", s(notificationsPk(projectId, recipientId)), "sk", s(UNREAD_SK)))).item();
        return item == null || !item.containsKey("unread") ? 0 : Long.parseLong(item.get("unread").n());
    }

    NotificationPage page(String projectId, String recipientId, boolean unreadOnly, Optional<String> after,
                          int limit) {
        String pk = notificationsPk(projectId, recipientId);
        // The count first, then the list with strongly consistent reads: every notification the count includes was
        // written before the list is read, so a page never shows an unread count its list lacks.
        long unread = unread(projectId, recipientId);
        List<Notification> found = new ArrayList<>();
        Optional<String> start = after;
        boolean more;
        // A filter (unread only) can leave a page short: read on until it is full or the partition ends.
        do {
            Optional<String> from = start;
            QueryResponse rows = dynamo.query(q -> {
                q.tableName(table).consistentRead(true).keyConditionExpression("pk = :pk AND begins_with(sk, :n)")
                        .scanIndexForward(false).limit(limit - found.size());
                Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", s(pk), ":n",
                        s(NOTIFICATION_PREFIX)));
                if (unreadOnly) {
                    q.filterExpression("attribute_exists(unread)");
                }
                q.expressionAttributeValues(values);
                from.ifPresent(id -> q.exclusiveStartKey(Map.of("pk", s(pk), "sk", s(NOTIFICATION_PREFIX + id))));
            });
            rows.items().forEach(i -> found.add(notification(i)));
            more = more(rows);
            start = more ? Optional.of(rows.lastEvaluatedKey().get("sk").s().substring(NOTIFICATION_PREFIX.length()))
                    : Optional.empty();
        } while (more && found.size() < limit);
        return new NotificationPage(unread, found, start);
    }

    /** Marks one notification read; false when it was read already or is not the recipient's. */
    boolean markRead(String projectId, String recipientId, String notificationId, Instant now) {
        String pk = notificationsPk(projectId, recipientId);
        List<String> failed = Transactions.write(dynamo, List.of(
                TransactWriteItem.builder().update(u -> u.tableName(table)
                        .key(Map.of("pk", s(pk), "sk", s(NOTIFICATION_PREFIX + notificationId)))
                        .updateExpression("REMOVE unread SET read_at = :now, expires_at = :expires")
                        .conditionExpression("attribute_exists(unread)")
                        .expressionAttributeValues(Map.of(":now", s(now.toString()), ":expires",
                                AttributeValue.fromN(Long.toString(now.plus(READ_LIFETIME).getEpochSecond())))))
                        .build(),
                counter(pk, -1)));
        return failed.isEmpty();
    }

    /** Marks every unread notification read, page by page; answers how many it marked. */
    int markAllRead(String projectId, String recipientId, Instant now) {
        int marked = 0;
        Optional<String> after = Optional.empty();
        do {
            NotificationPage page = page(projectId, recipientId, true, after, 100);
            for (Notification n : page.notifications()) {
                marked += markRead(projectId, recipientId, n.id(), now) ? 1 : 0;
            }
            after = page.next();
        } while (after.isPresent());
        return marked;
    }

    // ------------------------------------------------------------------ digests

    /** Who gets a digest how often: {@code none}, {@code daily} or {@code weekly}. */
    public enum Digest {
        NONE, DAILY, WEEKLY;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<Digest> of(String word) {
            for (Digest d : values()) {
                if (d.word().equals(word)) {
                    return Optional.of(d);
                }
            }
            return Optional.empty();
        }
    }

    /** One user on a digest list: where they are, and the base URL of their unsubscribe link. */
    public record DigestEntry(String projectId, String userId, String linkBase) {
    }

    public record DigestPage(List<DigestEntry> entries, Optional<String> next) {
    }

    /**
     * Sets a user's digest, and moves them between the digest lists in the same transaction: the settings item
     * beside their notifications and one entry in {@code pk = DIGEST#daily|weekly} (outside any project's keys: the
     * scheduled run reads a list across projects; an entry whose user is gone is dropped by the run).
     */
    public void setDigest(String projectId, String userId, Digest digest, String linkBase) {
        String member = projectId + "#" + userId;
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Map.of("pk", s(notificationsPk(projectId, userId)), "sk", s(GalleryKeys.SETTINGS_SK)))
                .updateExpression("SET digest = :d, link_base = :b")
                .expressionAttributeValues(Map.of(":d", s(digest.word()), ":b", s(linkBase)))).build());
        for (Digest d : List.of(Digest.DAILY, Digest.WEEKLY)) {
            Map<String, AttributeValue> key = Map.of("pk", s(GalleryKeys.digestListPk(d.word())), "sk", s(member));
            if (d == digest) {
                Map<String, AttributeValue> entry = new HashMap<>(key);
                entry.put("link_base", s(linkBase));
                writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(entry)).build());
            } else {
                writes.add(TransactWriteItem.builder().delete(x -> x.tableName(table).key(key)).build());
            }
        }
        Transactions.write(dynamo, writes);
    }

    public Digest digest(String projectId, String userId) {
        var item = dynamo.getItem(g -> g.tableName(table).key(Map.of("pk", s(notificationsPk(projectId, userId)),
                "sk", s(GalleryKeys.SETTINGS_SK)))).item();
        return item == null || !item.containsKey("digest") ? Digest.NONE
                : Digest.of(item.get("digest").s()).orElse(Digest.NONE);
    }

    /** A page of a digest list, in key order, after the previous page's last entry. */
    public DigestPage digestList(Digest digest, Optional<String> after, int limit) {
        String pk = GalleryKeys.digestListPk(digest.word());
        QueryResponse rows = dynamo.query(q -> {
            q.tableName(table).keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s(pk)))
                    .limit(limit);
            after.ifPresent(sk -> q.exclusiveStartKey(Map.of("pk", s(pk), "sk", s(sk))));
        });
        List<DigestEntry> entries = rows.items().stream().map(i -> {
            String member = i.get("sk").s();
            int cut = member.indexOf('#');
            return new DigestEntry(member.substring(0, cut), member.substring(cut + 1), i.get("link_base").s());
        }).toList();
        return new DigestPage(entries, more(rows) ? Optional.of(rows.lastEvaluatedKey().get("sk").s())
                : Optional.empty());
    }

    /** Unread notifications newer than the last digest's newest, newest first, at most {@code limit}. */
    public List<Notification> forDigest(String projectId, String userId, int limit) {
        var settings = dynamo.getItem(g -> g.tableName(table).consistentRead(true).key(Map.of(
                "pk", s(notificationsPk(projectId, userId)), "sk", s(GalleryKeys.SETTINGS_SK)))).item();
        String since = settings == null || !settings.containsKey("digest_sent_until") ? ""
                : settings.get("digest_sent_until").s();
        return page(projectId, userId, true, Optional.empty(), limit).notifications().stream()
                .filter(n -> n.id().compareTo(since) > 0).toList();
    }

    /** Remembers the newest notification a digest carried, so that the next digest starts after it. */
    public void digestSent(String projectId, String userId, String newestId) {
        dynamo.updateItem(u -> u.tableName(table).key(Map.of("pk", s(notificationsPk(projectId, userId)),
                "sk", s(GalleryKeys.SETTINGS_SK))).updateExpression("SET digest_sent_until = :n")
                .expressionAttributeValues(Map.of(":n", s(newestId))));
    }

    private static Notification notification(Map<String, AttributeValue> i) {
        return new Notification(i.get("sk").s().substring(NOTIFICATION_PREFIX.length()), i.get("kind").s(),
                Instant.parse(i.get("at").s()), text(i, "actor_id"), text(i, "actor_name"), text(i, "gallery"),
                text(i, "comment_id"), i.containsKey("images") ? Integer.parseInt(i.get("images").n()) : 0,
                i.containsKey("unread"));
    }

    private static Optional<String> text(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::s);
    }

    private static boolean more(QueryResponse rows) {
        return rows.hasLastEvaluatedKey() && !rows.lastEvaluatedKey().isEmpty();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
