package dev.loupe.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.loupe.core.Ids;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The sessions table. Its keys live here and nowhere else:
 * <ul>
 * <li>a session: {@code pk = P#<project>#S#<session id>}, with {@code expires_at} (epoch seconds) as the table's TTL
 * attribute. The project id in the key keeps projects apart: another project's session id is simply another key.
 * DynamoDB's TTL removes an ended session within a day or two, so every read also checks {@code expires_at}.</li>
 * <li>GSI {@code by-user}: {@code user_pk = P#<project>#U#<user id>}, {@code created_at}; only logged-in sessions
 * carry {@code user_pk} (sparse), so a password change, a role change or a user's deletion finds exactly that user's
 * sessions with one query. The index is eventually consistent: a session created in the same second as a password
 * change may be missed by it (its owner just logged in with the old password, a moment before the change).</li>
 * </ul>
 * The low-level client, because the session is read on every request and a static schema would add nothing but a
 * second mapping of the same seven attributes.
 */
public final class SessionStore implements SessionDirectory {
    /** How long a session lives without a new login: a working day and a night. */
    public static final Duration LIFETIME = Duration.ofHours(24);
    static final String BY_USER = "by-user";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public SessionStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    static String key(String projectId, String sessionId) {
        return "P#" + projectId + "#S#" + sessionId;
    }

    static String userKey(String projectId, String userId) {
        return "P#" + projectId + "#U#" + userId;
    }

    @Override
    public Optional<Session> find(String projectId, String sessionId) {
        if (!Ids.plausible(sessionId)) {
            return Optional.empty();
        }
        // Strongly consistent: a session ended a moment ago on another container must not be read back as alive.
        var item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(key(projectId, sessionId))))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Session session = session(projectId, item);
        return session.activeAt(clock.instant()) ? Optional.of(session) : Optional.empty();
    }

    /** A new anonymous session of the project. */
    public Session startAnonymous(String projectId) {
        return put(projectId, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A new session of a user who just logged in. */
    public Session startFor(String projectId, String userId, String userName, Role role) {
        return put(projectId, Optional.of(userId), Optional.of(userName), Optional.of(role));
    }

    private Session put(String projectId, Optional<String> userId, Optional<String> userName, Optional<Role> role) {
        Instant now = clock.instant();
        Session session = new Session(projectId, Ids.newId(), userId, userName, role, Ids.newId(), now,
                now.plus(LIFETIME));
        Map<String, AttributeValue> item = new java.util.HashMap<>();
        item.put("pk", AttributeValue.fromS(key(projectId, session.sessionId())));
        item.put("csrf_token", AttributeValue.fromS(session.csrfToken()));
        item.put("created_at", AttributeValue.fromS(now.toString()));
        item.put("expires_at", AttributeValue.fromN(Long.toString(session.expires().getEpochSecond())));
        userId.ifPresent(id -> {
            item.put("user_id", AttributeValue.fromS(id));
            item.put("user_pk", AttributeValue.fromS(userKey(projectId, id)));
        });
        userName.ifPresent(name -> item.put("user_name", AttributeValue.fromS(name)));
        role.ifPresent(r -> item.put("role", AttributeValue.fromS(r.name().toLowerCase(Locale.ROOT))));
        dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
        return session;
    }

    /** Ends a session at once; ending one that is already gone is fine. */
    public void end(String projectId, String sessionId) {
        dynamo.deleteItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(key(projectId, sessionId)))));
    }

    /** Ends every session of a user (a password change, the user's deletion); answers how many. */
    public int endAllOf(String projectId, String userId) {
        List<String> keys = sessionKeysOf(projectId, userId);
        keys.forEach(pk -> dynamo.deleteItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk)))));
        return keys.size();
    }

    /** A user's sessions take their new role at once (only on sessions still there: a gone one stays gone). */
    public void updateRole(String projectId, String userId, Role role) {
        for (String pk : sessionKeysOf(projectId, userId)) {
            try {
                dynamo.updateItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk)))
                        .updateExpression("SET #role = :role").conditionExpression("attribute_exists(pk)")
                        .expressionAttributeNames(Map.of("#role", "role"))
                        .expressionAttributeValues(Map.of(":role",
                                AttributeValue.fromS(role.name().toLowerCase(Locale.ROOT)))));
            } catch (ConditionalCheckFailedException ended) {
                // Ended meanwhile: nothing to update.
            }
        }
    }

    /** The sessions of a user, for the user's data export: ids, created and expiry times. */
    public List<Session> sessionsOf(String projectId, String userId) {
        List<Session> sessions = new ArrayList<>();
        for (String pk : sessionKeysOf(projectId, userId)) {
            String id = pk.substring(pk.lastIndexOf("#S#") + 3);
            find(projectId, id).ifPresent(sessions::add);
        }
        return sessions;
    }

    private List<String> sessionKeysOf(String projectId, String userId) {
        List<String> keys = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(q -> q.tableName(table).indexName(BY_USER)
                    .keyConditionExpression("user_pk = :u")
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userKey(projectId, userId))))
                    .exclusiveStartKey(from));
            page.items().forEach(i -> keys.add(i.get("pk").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return keys;
    }

    private static Session session(String projectId, Map<String, AttributeValue> item) {
        String pk = item.get("pk").s();
        return new Session(projectId, pk.substring(pk.lastIndexOf("#S#") + 3),
                Optional.ofNullable(item.get("user_id")).map(AttributeValue::s),
                Optional.ofNullable(item.get("user_name")).map(AttributeValue::s),
                Optional.ofNullable(item.get("role")).map(AttributeValue::s).flatMap(Role::parse),
                item.get("csrf_token").s(), Instant.parse(item.get("created_at").s()),
                Instant.ofEpochSecond(Long.parseLong(item.get("expires_at").n())));
    }
}
