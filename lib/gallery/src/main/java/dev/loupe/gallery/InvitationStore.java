package dev.loupe.gallery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.loupe.core.dynamo.Transactions;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Invitations, members and contributions in the galleries table ({@link GalleryKeys} has the keys). An invitation is
 * two items written together: its record in the gallery's invitations partition, and the pointer from its id.
 * Accepting writes the member in the same transaction as the record's {@code accepted_by}, conditional on the record
 * still being there, and revoking deletes the record, the pointer and the member together, conditional on the record
 * being as read: of an accept and a revoke racing, either the accept lands first and the revoke removes its member,
 * or the revoke lands first and the accept fails. No cache stands between a member item and its check.
 */
public final class InvitationStore {
    /** What the store keeps of an invitation (the token's secret only as its hash). */
    record Stored(String id, String projectId, String gallery, long added, String role, Optional<String> userId,
                  Optional<String> username, Optional<String> email, String secretHash, Instant created,
                  Instant expires, Optional<String> acceptedBy, Optional<Instant> accepted) {
    }

    /** Where an invitation id points: its gallery's name and creation. */
    record Pointer(String gallery, long added) {
    }

    private final DynamoDbClient dynamo;
    private final String table;

    public InvitationStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    void create(List<Stored> invitations) {
        for (Stored s : invitations) {
            Map<String, AttributeValue> pointer = new HashMap<>(GalleryKeys.invitationPointerKeyMap(s.projectId(),
                    s.id()));
            pointer.put("name", AttributeValue.fromS(s.gallery()));
            pointer.put("added", AttributeValue.fromN(Long.toString(s.added())));
            List<String> codes = Transactions.write(dynamo, List.of(
                    put(record(s), "attribute_not_exists(pk)"), put(pointer, "attribute_not_exists(pk)")));
            if (!codes.isEmpty()) {
                throw new IllegalStateException("a new invitation id collided: " + codes);
            }
        }
    }

    Optional<Pointer> pointer(String projectId, String id) {
        var item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(GalleryKeys.invitationPointerKeyMap(projectId, id))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Pointer(item.get("name").s(), Long.parseLong(item.get("added").n())));
    }

    Optional<Stored> find(String projectId, Pointer pointer, String id) {
        var item = dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS(GalleryKeys.invitationsPk(projectId, pointer.gallery(), pointer.added())),
                "sk", AttributeValue.fromS("I#" + id)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(stored(projectId, item));
    }

    /** The gallery's invitations, oldest id first (ids are random: the service sorts by creation). */
    List<Stored> list(Gallery g) {
        List<Stored> all = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(q -> q.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :p AND begins_with(sk, :i)")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(GalleryKeys.invitationsPk(g)),
                            ":i", AttributeValue.fromS("I#")))
                    .exclusiveStartKey(from));
            page.items().forEach(i -> all.add(stored(g.projectId(), i)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return all;
    }

    /** Records the acceptance and makes the user a member; false when the invitation was revoked or accepted. */
    boolean accept(Stored s, String userId, String username, Instant now) {
        Map<String, AttributeValue> member = new HashMap<>();
        member.put("pk", AttributeValue.fromS(GalleryKeys.invitationsPk(s.projectId(), s.gallery(), s.added())));
        member.put("sk", AttributeValue.fromS("M#" + userId));
        member.put("role", AttributeValue.fromS(s.role()));
        member.put("invitation_id", AttributeValue.fromS(s.id()));
        member.put("username", AttributeValue.fromS(username));
        TransactWriteItem record = TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(recordKey(s))
                .updateExpression("SET accepted_by = :u, accepted = :t")
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(accepted_by)")
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId),
                        ":t", AttributeValue.fromS(now.toString())))).build();
        return Transactions.write(dynamo, List.of(record, put(member, null))).isEmpty();
    }

    /** Deletes the invitation, its pointer and its member; false when it changed since read (read it again). */
    boolean revoke(Stored s) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().delete(d -> {
            d.tableName(table).key(recordKey(s));
            if (s.acceptedBy().isPresent()) {
                d.conditionExpression("accepted_by = :u").expressionAttributeValues(Map.of(":u",
                        AttributeValue.fromS(s.acceptedBy().get())));
            } else {
                d.conditionExpression("attribute_exists(pk) AND attribute_not_exists(accepted_by)");
            }
        }).build());
        writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table)
                .key(GalleryKeys.invitationPointerKeyMap(s.projectId(), s.id()))).build());
        s.acceptedBy().ifPresent(user -> writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(GalleryKeys.invitationsPk(s.projectId(), s.gallery(),
                        s.added())), "sk", AttributeValue.fromS("M#" + user)))).build()));
        return Transactions.write(dynamo, writes).isEmpty();
    }

    /** The user's role on the gallery when an accepted, unrevoked invitation made them a member. */
    public Optional<String> memberRole(Gallery g, String userId) {
        var item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(GalleryKeys.memberKeyMap(g, userId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get("role").s());
    }

    void recordContribution(Gallery g, String imageId, String userId) {
        Map<String, AttributeValue> item = new HashMap<>(GalleryKeys.contributionKeyMap(g, imageId));
        item.put("user_id", AttributeValue.fromS(userId));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    Optional<String> contributor(Gallery g, String imageId) {
        var item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(GalleryKeys.contributionKeyMap(g, imageId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get("user_id").s());
    }

    void forgetContribution(Gallery g, String imageId) {
        dynamo.deleteItem(r -> r.tableName(table).key(GalleryKeys.contributionKeyMap(g, imageId)));
    }

    private static Map<String, AttributeValue> recordKey(Stored s) {
        return Map.of("pk", AttributeValue.fromS(GalleryKeys.invitationsPk(s.projectId(), s.gallery(), s.added())),
                "sk", AttributeValue.fromS("I#" + s.id()));
    }

    private static Map<String, AttributeValue> record(Stored s) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(GalleryKeys.invitationsPk(s.projectId(), s.gallery(), s.added())));
        item.put("sk", AttributeValue.fromS("I#" + s.id()));
        item.put("invitation_id", AttributeValue.fromS(s.id()));
        item.put("name", AttributeValue.fromS(s.gallery()));
        item.put("added", AttributeValue.fromN(Long.toString(s.added())));
        item.put("role", AttributeValue.fromS(s.role()));
        s.userId().ifPresent(v -> item.put("user_id", AttributeValue.fromS(v)));
        s.username().ifPresent(v -> item.put("username", AttributeValue.fromS(v)));
        s.email().ifPresent(v -> item.put("email", AttributeValue.fromS(v)));
        item.put("secret_hash", AttributeValue.fromS(s.secretHash()));
        item.put("created", AttributeValue.fromS(s.created().toString()));
        item.put("expires", AttributeValue.fromS(s.expires().toString()));
        return item;
    }

    private static Stored stored(String projectId, Map<String, AttributeValue> i) {
        return new Stored(i.get("invitation_id").s(), projectId, i.get("name").s(),
                Long.parseLong(i.get("added").n()), i.get("role").s(), text(i, "user_id"), text(i, "username"),
                text(i, "email"), i.get("secret_hash").s(), Instant.parse(i.get("created").s()),
                Instant.parse(i.get("expires").s()), text(i, "accepted_by"), text(i, "accepted").map(Instant::parse));
    }

    private static Optional<String> text(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::s);
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition) {
        return TransactWriteItem.builder().put(p -> {
            p.tableName(table).item(item);
            if (condition != null) {
                p.conditionExpression(condition);
            }
        }).build();
    }
}
