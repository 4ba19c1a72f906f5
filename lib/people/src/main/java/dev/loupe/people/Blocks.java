package dev.loupe.people;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * A registered user's blocks ({@code PUT|DELETE /v1/me/blocks/{username}}): a blocked user can't comment on the
 * blocker's galleries, be invited to them, or follow them. Stored in the users table ({@link UserKeys}: one item per
 * blocked user in the blocker's partition), so {@link #isBlocked} is one consistent GetItem: the one question the
 * other modules ask (through an interface of their own, wired by the functions).
 */
public final class Blocks {
    /** Blocks one user keeps at most: a list bounded like the contacts, read whole by one query. */
    public static final int MAX_BLOCKS = 1_000;

    /** A blocked user, by id and by the username it had when blocked. */
    public record Block(String userId, String username, Instant since) {
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final UserStore users;
    private final Clock clock;

    public Blocks(DynamoDbClient dynamo, String table, UserStore users, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.users = users;
        this.clock = clock;
    }

    /** The signed-in caller blocks {@code username}; blocking someone twice keeps the first block (idempotent). */
    public Block block(Caller caller, String username) {
        String me = signedIn(caller);
        User user = users.findByUsername(caller.projectId(), username).orElseThrow(PeopleService::notFound);
        if (user.userId().equals(me)) {
            throw ApiError.badParameter("username", "You can't block yourself");
        }
        Instant now = clock.instant();
        if (list(caller).size() >= MAX_BLOCKS) {
            throw new ApiError(409, "too_many_blocks", "A user blocks at most " + MAX_BLOCKS + " users");
        }
        dynamo.updateItem(r -> r.tableName(table).key(key(caller.projectId(), me, user.userId()))
                .updateExpression("SET username = :n, since = if_not_exists(since, :t)")
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromS(user.username()),
                        ":t", AttributeValue.fromS(now.toString()))));
        return new Block(user.userId(), user.username(), now);
    }

    /** Lifts a block; lifting one that is not there is fine (204 either way), an unknown username is 404. */
    public void unblock(Caller caller, String username) {
        String me = signedIn(caller);
        User user = users.findByUsername(caller.projectId(), username).orElseThrow(PeopleService::notFound);
        dynamo.deleteItem(r -> r.tableName(table).key(key(caller.projectId(), me, user.userId())));
    }

    /** The caller's blocks, oldest key first (one query of its partition, at most {@link #MAX_BLOCKS}). */
    public List<Block> list(Caller caller) {
        return list(caller.projectId(), signedIn(caller));
    }

    /**
     * The ids of the users {@code blockerUserId} blocks: the fan-out reads this once per page of recipients rather than
     * asking {@link #isBlocked} of each.
     */
    public Set<String> blockedBy(String projectId, String blockerUserId) {
        Set<String> ids = new HashSet<>();
        list(projectId, blockerUserId).forEach(b -> ids.add(b.userId()));
        return ids;
    }

    private List<Block> list(String projectId, String blocker) {
        List<Block> blocks = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(q -> q.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(UserKeys.blocks(projectId, blocker))))
                    .exclusiveStartKey(from));
            page.items().forEach(i -> blocks.add(new Block(i.get("sk").s(), i.get("username").s(),
                    Instant.parse(i.get("since").s()))));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return blocks;
    }

    /** Whether {@code ownerUserId} blocked {@code userId} in {@code projectId}: one consistent GetItem. */
    public boolean isBlocked(String projectId, String ownerUserId, String userId) {
        var item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(projectId, ownerUserId, userId))).item();
        return item != null && !item.isEmpty();
    }

    /** The caller's user id: contacts and blocks belong to registered users (a session or a backend's sub). */
    static String signedIn(Caller caller) {
        return caller.userId().orElseThrow(() -> ApiError.unauthorized("login_required",
                "Sign in as a registered user to keep contacts and blocks"));
    }

    private static Map<String, AttributeValue> key(String projectId, String blocker, String blocked) {
        return Map.of("pk", AttributeValue.fromS(UserKeys.blocks(projectId, blocker)),
                "sk", AttributeValue.fromS(blocked));
    }
}
