package dev.loupe.people;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * A registered user's address book ({@code /v1/me/contacts}): other users of the project by username, or email
 * addresses, each in at most one named group, which an invitation can name to invite the whole group. Stored in the
 * users table ({@link UserKeys}), one item per contact in the owner's partition. A contact's id is derived from what
 * it names (the user id, or the email in lower case), so adding the same person twice meets the same key: 409
 * {@code contact_exists}, which tells the client its contact is already there (the answer names its id).
 */
public final class Contacts {
    /** Contacts one user keeps at most: every list is one query of a bounded partition. */
    public static final int MAX_CONTACTS = 1_000;
    public static final int MAX_GROUP = 50;

    /** A contact: a user of the project (id and username) or an email address, and its group. */
    public record Contact(String id, Optional<String> userId, Optional<String> username, Optional<String> email,
                          Optional<String> group, Instant added) {
    }

    /** The caller's contacts (those of one group when asked) and every group's size. */
    public record Listing(List<Contact> contacts, SortedMap<String, Integer> groups) {
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final UserStore users;
    private final Clock clock;

    public Contacts(DynamoDbClient dynamo, String table, UserStore users, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.users = users;
        this.clock = clock;
    }

    /** Adds a user of the project (by {@code username}) or an {@code email}, exactly one of them. */
    public Contact add(Caller caller, Optional<String> username, Optional<String> email, Optional<String> group) {
        String me = Blocks.signedIn(caller);
        if (username.isPresent() == email.isPresent()) {
            throw ApiError.badParameter("username", "Send either username or email");
        }
        Optional<String> checkedGroup = group.map(Contacts::validGroup);
        Contact contact;
        if (username.isPresent()) {
            User user = users.findByUsername(caller.projectId(), username.get())
                    .orElseThrow(PeopleService::notFound);
            if (user.userId().equals(me)) {
                throw ApiError.badParameter("username", "You are not your own contact");
            }
            contact = new Contact(id("u:" + user.userId()), Optional.of(user.userId()), Optional.of(user.username()),
                    Optional.empty(), checkedGroup, clock.instant());
        } else {
            String address = PeopleService.email(email.get());
            contact = new Contact(id("e:" + address.toLowerCase(Locale.ROOT)), Optional.empty(), Optional.empty(),
                    Optional.of(address), checkedGroup, clock.instant());
        }
        if (all(caller.projectId(), me).size() >= MAX_CONTACTS) {
            throw new ApiError(409, "too_many_contacts", "A user keeps at most " + MAX_CONTACTS + " contacts");
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(UserKeys.contacts(caller.projectId(), me)));
        item.put("sk", AttributeValue.fromS(contact.id()));
        contact.userId().ifPresent(v -> item.put("user_id", AttributeValue.fromS(v)));
        contact.username().ifPresent(v -> item.put("username", AttributeValue.fromS(v)));
        contact.email().ifPresent(v -> item.put("email", AttributeValue.fromS(v)));
        contact.group().ifPresent(v -> item.put("contact_group", AttributeValue.fromS(v)));
        item.put("added", AttributeValue.fromS(contact.added().toString()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException exists) {
            throw new ApiError(409, "contact_exists", "This contact is in your list already, as " + contact.id(),
                    "id");
        }
        return contact;
    }

    /** The caller's contacts, in id order; with {@code group}, that group's only. */
    public Listing list(Caller caller, Optional<String> group) {
        String me = Blocks.signedIn(caller);
        List<Contact> all = all(caller.projectId(), me);
        SortedMap<String, Integer> groups = new TreeMap<>();
        all.forEach(c -> c.group().ifPresent(g -> groups.merge(g, 1, Integer::sum)));
        List<Contact> shown = group.isEmpty() ? all
                : all.stream().filter(c -> c.group().equals(group)).toList();
        return new Listing(shown, groups);
    }

    /** Removes one of the caller's contacts: 404 {@code contact_not_found} when it has none with this id. */
    public void remove(Caller caller, String id) {
        String me = Blocks.signedIn(caller);
        var old = dynamo.deleteItem(r -> r.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS(UserKeys.contacts(caller.projectId(), me)),
                "sk", AttributeValue.fromS(id))).returnValues(ReturnValue.ALL_OLD)).attributes();
        if (old == null || old.isEmpty()) {
            throw new ApiError(404, "contact_not_found", "You have no contact with this id", "id");
        }
    }

    /** One of the owner's groups, for an invitation that names it: 404 {@code group_not_found} when it is empty. */
    public List<Contact> group(String projectId, String ownerUserId, String group) {
        List<Contact> members = all(projectId, ownerUserId).stream()
                .filter(c -> c.group().equals(Optional.of(group))).toList();
        if (members.isEmpty()) {
            throw new ApiError(404, "group_not_found", "You have no contacts in a group of this name", "group");
        }
        return members;
    }

    /** A user's whole list: one query of its partition (at most {@link #MAX_CONTACTS} small items). */
    private List<Contact> all(String projectId, String ownerUserId) {
        List<Contact> contacts = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(q -> q.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p",
                            AttributeValue.fromS(UserKeys.contacts(projectId, ownerUserId))))
                    .exclusiveStartKey(from));
            for (var i : page.items()) {
                contacts.add(new Contact(i.get("sk").s(), text(i, "user_id"), text(i, "username"), text(i, "email"),
                        text(i, "contact_group"), Instant.parse(i.get("added").s())));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return contacts;
    }

    static String validGroup(String group) {
        String g = group.strip();
        if (g.isEmpty() || g.length() > MAX_GROUP || g.chars().anyMatch(Character::isISOControl)) {
            throw ApiError.badParameter("group", "group must be 1 to " + MAX_GROUP
                    + " characters without control characters");
        }
        return g;
    }

    private static Optional<String> text(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::s);
    }

    /** 24 hex characters of SHA-256 of what the contact names: one id per person, never the raw address. */
    private static String id(String names) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(names.getBytes(StandardCharsets.UTF_8))).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
