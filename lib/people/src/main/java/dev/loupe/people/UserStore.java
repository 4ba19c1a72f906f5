package dev.loupe.people;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.loupe.auth.Role;
import dev.loupe.core.dynamo.Transactions;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The users table ({@link UserKeys} has its key design). The user item maps through a static schema; what a schema
 * can't say (the claims' conditions, the transactions that keep a user and its claims together) uses the low-level
 * client.
 */
public final class UserStore {

    /** The user item's stored form; a mutable bean because the static schema fills it field by field. */
    static final class Item {
        String pk;
        String sk;
        String userId;
        String username;
        String displayName;
        String email;
        Boolean emailVerified;
        String role;
        String avatar;
        String bio;
        String passwordHash;
        String joined;
        String updated;
        String searchPk;
        String searchSk;
    }

    static final StaticTableSchema<Item> SCHEMA = StaticTableSchema.builder(Item.class)
            .newItemSupplier(Item::new)
            .addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v)
                    .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
                    .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(String.class, a -> a.name("user_id").getter(i -> i.userId).setter((i, v) -> i.userId = v))
            .addAttribute(String.class, a -> a.name("username").getter(i -> i.username)
                    .setter((i, v) -> i.username = v))
            .addAttribute(String.class, a -> a.name("display_name").getter(i -> i.displayName)
                    .setter((i, v) -> i.displayName = v))
            .addAttribute(String.class, a -> a.name("email").getter(i -> i.email).setter((i, v) -> i.email = v))
            .addAttribute(Boolean.class, a -> a.name("email_verified").getter(i -> i.emailVerified)
                    .setter((i, v) -> i.emailVerified = v))
            .addAttribute(String.class, a -> a.name("role").getter(i -> i.role).setter((i, v) -> i.role = v))
            .addAttribute(String.class, a -> a.name("avatar").getter(i -> i.avatar).setter((i, v) -> i.avatar = v))
            .addAttribute(String.class, a -> a.name("bio").getter(i -> i.bio).setter((i, v) -> i.bio = v))
            .addAttribute(String.class, a -> a.name("password_hash").getter(i -> i.passwordHash)
                    .setter((i, v) -> i.passwordHash = v))
            .addAttribute(String.class, a -> a.name("joined").getter(i -> i.joined).setter((i, v) -> i.joined = v))
            .addAttribute(String.class, a -> a.name("updated").getter(i -> i.updated)
                    .setter((i, v) -> i.updated = v))
            .addAttribute(String.class, a -> a.name("search_pk").getter(i -> i.searchPk)
                    .setter((i, v) -> i.searchPk = v))
            .addAttribute(String.class, a -> a.name("search_sk").getter(i -> i.searchSk)
                    .setter((i, v) -> i.searchSk = v))
            .build();

    /** Which of a new user's claims another user holds already. */
    public enum Conflict { NONE, USERNAME, EMAIL }

    /** A page of search results and the cursor of the next one (empty at the end). */
    public record Page(List<User> users, Optional<String> nextCursor) {
    }

    private final DynamoDbClient dynamo;
    private final DynamoDbTable<Item> table;
    private final String tableName;

    public UserStore(DynamoDbClient dynamo, DynamoDbEnhancedClient enhanced, String tableName) {
        this.dynamo = dynamo;
        this.table = enhanced.table(tableName, SCHEMA);
        this.tableName = tableName;
    }

    /** Stores a new user and claims its username and email, all or nothing. */
    public Conflict create(User user) {
        List<TransactWriteItem> writes = List.of(
                put(item(user), "attribute_not_exists(pk)"),
                put(claim(UserKeys.username(user.projectId(), user.username()), user.userId(),
                        Optional.of(user.username())), "attribute_not_exists(pk)"),
                put(claim(UserKeys.email(user.projectId(), user.email()), user.userId(), Optional.empty()),
                        "attribute_not_exists(pk)"));
        List<String> codes = Transactions.write(dynamo, writes);
        if (codes.isEmpty()) {
            return Conflict.NONE;
        }
        if (codes.get(1).equals(Transactions.CONDITION_FAILED)) {
            return Conflict.USERNAME;
        }
        if (codes.get(2).equals(Transactions.CONDITION_FAILED)) {
            return Conflict.EMAIL;
        }
        throw new IllegalStateException("a new user id collided: " + codes);
    }

    public Optional<User> findById(String projectId, String userId) {
        Item item = table.getItem(r -> r.consistentRead(true).key(Key.builder()
                .partitionValue(UserKeys.user(projectId, userId)).sortValue(UserKeys.USER_SK).build()));
        return Optional.ofNullable(item).map(i -> user(projectId, i));
    }

    public Optional<User> findByUsername(String projectId, String username) {
        return claimed(UserKeys.username(projectId, username)).flatMap(id -> findById(projectId, id));
    }

    public Optional<User> findByEmail(String projectId, String email) {
        return claimed(UserKeys.email(projectId, email)).flatMap(id -> findById(projectId, id));
    }

    private Optional<String> claimed(String pk) {
        var item = dynamo.getItem(r -> r.tableName(tableName).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(UserKeys.CLAIM_SK)))).item();
        return item == null || !item.containsKey("user_id") ? Optional.empty()
                : Optional.of(item.get("user_id").s());
    }

    /**
     * Writes a changed user, on the condition that it was not changed since {@code before} was read; a new email
     * moves its claim in the same transaction. {@link Conflict#EMAIL} when the new email is taken.
     *
     * @throws java.util.ConcurrentModificationException when the user changed meanwhile (or was deleted)
     */
    public Conflict update(User before, User after) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(put(item(after), "attribute_exists(pk) AND updated = :before", Map.of(":before",
                AttributeValue.fromS(before.updated().toString()))));
        boolean newEmail = !before.email().equalsIgnoreCase(after.email());
        if (newEmail) {
            writes.add(put(claim(UserKeys.email(after.projectId(), after.email()), after.userId(), Optional.empty()),
                    "attribute_not_exists(pk)"));
            writes.add(delete(UserKeys.email(before.projectId(), before.email())));
        }
        List<String> codes = Transactions.write(dynamo, writes);
        if (codes.isEmpty()) {
            return Conflict.NONE;
        }
        if (newEmail && codes.get(1).equals(Transactions.CONDITION_FAILED)) {
            return Conflict.EMAIL;
        }
        throw new java.util.ConcurrentModificationException("the user changed meanwhile");
    }

    /** Removes the user and its claims together. */
    public void delete(User user) {
        List<String> codes = Transactions.write(dynamo, List.of(
                deleteKey(UserKeys.user(user.projectId(), user.userId()), UserKeys.USER_SK),
                delete(UserKeys.username(user.projectId(), user.username())),
                delete(UserKeys.email(user.projectId(), user.email()))));
        if (!codes.isEmpty()) {
            throw new IllegalStateException("an unconditional delete was cancelled: " + codes);
        }
    }

    /**
     * Users whose username or display name starts with {@code prefix}: one query of the search index (as many entries
     * as the page holds, plus the ones that name a user already on the page) and one BatchGetItem.
     */
    public Page search(String projectId, String prefix, int limit, Optional<String> cursor) {
        Map<String, AttributeValue> values = Map.of(
                ":p", AttributeValue.fromS(UserKeys.searchPartition(projectId)),
                ":q", AttributeValue.fromS(UserKeys.searchable(prefix)));
        Map<String, AttributeValue> start = cursor.map(c -> decodeCursor(projectId, c)).orElse(null);
        LinkedHashMap<String, Boolean> ids = new LinkedHashMap<>();
        Map<String, AttributeValue> last = null;
        boolean more;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(q -> q.tableName(tableName).indexName(UserKeys.SEARCH_INDEX)
                    .keyConditionExpression("search_pk = :p AND begins_with(search_sk, :q)")
                    .expressionAttributeValues(values).exclusiveStartKey(from).limit(limit - ids.size()));
            for (var item : page.items()) {
                ids.put(item.get("user_id").s(), true);
                last = item;
            }
            more = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty();
            start = more ? page.lastEvaluatedKey() : null;
        } while (more && ids.size() < limit);
        List<User> users = new ArrayList<>();
        for (String id : ids.keySet()) {
            // A handful per page: single reads keep the order and stay well inside a Lambda's time.
            findById(projectId, id).ifPresent(users::add);
        }
        Optional<String> next = more && last != null ? Optional.of(encodeCursor(last)) : Optional.empty();
        return new Page(users, next);
    }

    private static String encodeCursor(Map<String, AttributeValue> item) {
        String raw = item.get("search_sk").s() + "\n" + item.get("pk").s() + "\n" + item.get("sk").s();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> decodeCursor(String projectId, String cursor) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.UTF_8)
                    .split("\n");
        } catch (IllegalArgumentException e) {
            parts = new String[0];
        }
        // A cursor is only ever this project's: one naming another project's keys is refused, not followed.
        if (parts.length != 3 || !parts[1].startsWith("P#" + projectId + "#")) {
            throw dev.loupe.core.http.ApiError.badParameter("cursor", "cursor is not one that this search answered");
        }
        return Map.of("search_pk", AttributeValue.fromS(UserKeys.searchPartition(projectId)),
                "search_sk", AttributeValue.fromS(parts[0]),
                "pk", AttributeValue.fromS(parts[1]), "sk", AttributeValue.fromS(parts[2]));
    }

    private Map<String, AttributeValue> item(User user) {
        Item item = new Item();
        item.pk = UserKeys.user(user.projectId(), user.userId());
        item.sk = UserKeys.USER_SK;
        item.userId = user.userId();
        item.username = user.username();
        item.displayName = user.displayName();
        item.email = user.email();
        item.emailVerified = user.emailVerified();
        item.role = user.role().name().toLowerCase(Locale.ROOT);
        item.avatar = user.avatar().orElse(null);
        item.bio = user.bio().orElse(null);
        item.passwordHash = user.passwordHash().orElse(null);
        item.joined = user.joined().toString();
        item.updated = user.updated().toString();
        item.searchPk = UserKeys.searchPartition(user.projectId());
        item.searchSk = UserKeys.searchSort(user.displayName(), user.userId());
        return SCHEMA.itemToMap(item, true);
    }

    private static Map<String, AttributeValue> claim(String pk, String userId, Optional<String> searchText) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(pk));
        item.put("sk", AttributeValue.fromS(UserKeys.CLAIM_SK));
        item.put("user_id", AttributeValue.fromS(userId));
        searchText.ifPresent(text -> {
            String projectPart = pk.substring(0, pk.indexOf("#NAME#"));
            item.put("search_pk", AttributeValue.fromS(projectPart + "#SEARCH"));
            item.put("search_sk", AttributeValue.fromS(UserKeys.searchSort(text, userId)));
        });
        return item;
    }

    private User user(String projectId, Item i) {
        return new User(projectId, i.userId, i.username, i.displayName, i.email,
                Boolean.TRUE.equals(i.emailVerified), Role.parse(i.role).orElse(Role.VIEWER),
                Optional.ofNullable(i.avatar), Optional.ofNullable(i.bio), Optional.ofNullable(i.passwordHash),
                Instant.parse(i.joined), Instant.parse(i.updated));
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition) {
        return put(item, condition, Map.of());
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition,
                                  Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().put(p -> {
            p.tableName(tableName).item(item).conditionExpression(condition);
            if (!values.isEmpty()) {
                p.expressionAttributeValues(values);
            }
        }).build();
    }

    private TransactWriteItem delete(String claimPk) {
        return deleteKey(claimPk, UserKeys.CLAIM_SK);
    }

    private TransactWriteItem deleteKey(String pk, String sk) {
        return TransactWriteItem.builder().delete(d -> d.tableName(tableName)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).build();
    }
}
