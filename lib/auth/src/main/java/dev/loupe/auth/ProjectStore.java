package dev.loupe.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;

import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectDirectory;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import dev.loupe.core.dynamo.Transactions;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The projects table, keyed by public key (tokens name it in {@code jti}). Its schema lives here and nowhere else.
 * Every project item (not the origin index's) carries {@code listing = "project"}, the partition key of the {@value #LISTING_INDEX} index (sort key the
 * public key) that the administration's list pages through: a Query, never a Scan.
 */
public final class ProjectStore implements ProjectDirectory {
    /** The index of every project, and the one value of its partition key. */
    public static final String LISTING_INDEX = "listing";
    /**
     * A project's id claim: {@code public_key = #id#<project id>} holding {@value #CLAIM_KEY}, the project's public
     * key, written and deleted in the same transaction as the project. The public pages name a project by its id, and
     * their sign-in form needs the project itself: one more GetItem finds it, no index (no role reads more of this
     * table than GetItem). No public key begins with {@code #}; the claim has no {@code listing} and no
     * {@code project_id}, so no list and no token lookup ever sees it.
     */
    private static final String ID_KEY_PREFIX = "#id#";
    private static final String CLAIM_KEY = "claim_public_key";
    static final String LISTED = "project";

    /** The stored form; a mutable bean because the enhanced client's static schema fills it field by field. */
    public static final class Item {
        private String publicKey;
        private String listing;
        private String projectId;
        private String secretKey;
        private String name;
        private List<String> allowedOrigins;
        private List<String> allowedIpRanges;
        private Integer rateLimit;
        private Integer rateWindowSeconds;
        private Integer monthlyFiles;
        private Boolean selfSignup;
        private Boolean requireVerifiedEmail;
        private String createdAt;
        private String previousSecretKey;
        private String previousKeyUntil;
        private String eventsWebhook;
    }

    static final StaticTableSchema<Item> SCHEMA = StaticTableSchema.builder(Item.class)
            .newItemSupplier(Item::new)
            .addAttribute(String.class, a -> a.name("public_key").getter(i -> i.publicKey)
                    .setter((i, v) -> i.publicKey = v).tags(StaticAttributeTags.primaryPartitionKey(),
                            StaticAttributeTags.secondarySortKey(LISTING_INDEX)))
            .addAttribute(String.class, a -> a.name("listing").getter(i -> i.listing)
                    .setter((i, v) -> i.listing = v).tags(StaticAttributeTags.secondaryPartitionKey(LISTING_INDEX)))
            .addAttribute(String.class, a -> a.name("project_id").getter(i -> i.projectId)
                    .setter((i, v) -> i.projectId = v))
            .addAttribute(String.class, a -> a.name("secret_key").getter(i -> i.secretKey)
                    .setter((i, v) -> i.secretKey = v))
            .addAttribute(String.class, a -> a.name("name").getter(i -> i.name).setter((i, v) -> i.name = v))
            .addAttribute(EnhancedType.listOf(String.class), a -> a.name("allowed_origins")
                    .getter(i -> i.allowedOrigins).setter((i, v) -> i.allowedOrigins = v))
            .addAttribute(EnhancedType.listOf(String.class), a -> a.name("allowed_ip_ranges")
                    .getter(i -> i.allowedIpRanges).setter((i, v) -> i.allowedIpRanges = v))
            .addAttribute(Integer.class, a -> a.name("rate_limit").getter(i -> i.rateLimit)
                    .setter((i, v) -> i.rateLimit = v))
            .addAttribute(Integer.class, a -> a.name("rate_window_seconds").getter(i -> i.rateWindowSeconds)
                    .setter((i, v) -> i.rateWindowSeconds = v))
            .addAttribute(Integer.class, a -> a.name("monthly_files").getter(i -> i.monthlyFiles)
                    .setter((i, v) -> i.monthlyFiles = v))
            .addAttribute(Boolean.class, a -> a.name("self_signup").getter(i -> i.selfSignup)
                    .setter((i, v) -> i.selfSignup = v))
            .addAttribute(Boolean.class, a -> a.name("require_verified_email").getter(i -> i.requireVerifiedEmail)
                    .setter((i, v) -> i.requireVerifiedEmail = v))
            .addAttribute(String.class, a -> a.name("created_at").getter(i -> i.createdAt)
                    .setter((i, v) -> i.createdAt = v))
            .addAttribute(String.class, a -> a.name("previous_secret_key").getter(i -> i.previousSecretKey)
                    .setter((i, v) -> i.previousSecretKey = v))
            .addAttribute(String.class, a -> a.name("previous_key_until").getter(i -> i.previousKeyUntil)
                    .setter((i, v) -> i.previousKeyUntil = v))
            .addAttribute(String.class, a -> a.name("events_webhook").getter(i -> i.eventsWebhook)
                    .setter((i, v) -> i.eventsWebhook = v))
            .build();

    /** One page of {@link #list}: the projects, and the cursor of the next page when there is one. */
    public record Page(List<Stored> projects, Optional<String> nextCursor) {
    }

    /** The origin index's keys: {@code #} starts no public key (ProjectKeys). */
    static final String ORIGIN_KEY_PREFIX = "#origin#";
    private static final String ORIGIN_PROJECTS = "projects";

    private final DynamoDbClient dynamo;
    private final DynamoDbTable<Item> table;
    private final String tableName;

    public ProjectStore(DynamoDbClient dynamo, DynamoDbEnhancedClient enhanced, String tableName) {
        this.dynamo = dynamo;
        this.table = enhanced.table(tableName, SCHEMA);
        this.tableName = tableName;
    }

    @Override
    public Optional<Project> findByPublicKey(String publicKey) {
        if (publicKey.startsWith(ORIGIN_KEY_PREFIX) || publicKey.startsWith(ID_KEY_PREFIX)) {
            return Optional.empty();
        }
        Item item = table.getItem(r -> r.key(Key.builder().partitionValue(publicKey).build()).consistentRead(false));
        return Optional.ofNullable(item).filter(i -> i.projectId != null).map(ProjectStore::project);
    }

    /**
     * The project of this id, for the public pages' sign-in form (their URLs name the project by id): its id claim,
     * then the project by its public key (two GetItems). A project created before claims were written has none: not
     * found.
     */
    public Optional<Project> findByProjectId(String projectId) {
        Map<String, AttributeValue> claim = dynamo.getItem(r -> r.tableName(tableName)
                .key(Map.of("public_key", AttributeValue.fromS(ID_KEY_PREFIX + projectId)))).item();
        AttributeValue publicKey = claim == null ? null : claim.get(CLAIM_KEY);
        return publicKey == null ? Optional.empty() : findByPublicKey(publicKey.s())
                .filter(p -> p.projectId().equals(projectId));
    }

    private TransactWriteItem idClaim(Project project) {
        return TransactWriteItem.builder().put(p -> p.tableName(tableName)
                .item(Map.of("public_key", AttributeValue.fromS(ID_KEY_PREFIX + project.projectId()),
                        CLAIM_KEY, AttributeValue.fromS(project.publicKey())))
                .conditionExpression("attribute_not_exists(public_key)")).build();
    }

    /** A project as stored, with when it was created (null if unknown): what the administration reads and changes. */
    public record Stored(Project project, Instant createdAt) {
    }

    /** The project as stored now (a consistent read), for the administration to show or change. */
    public Optional<Stored> findLatest(String publicKey) {
        if (publicKey.startsWith(ORIGIN_KEY_PREFIX)) {
            return Optional.empty();
        }
        Item item = table.getItem(r -> r.key(Key.builder().partitionValue(publicKey).build()).consistentRead(true));
        return Optional.ofNullable(item).filter(i -> i.projectId != null).map(i -> stored(i));
    }

    /** Items written by hand (the README's former put-item) may have no created_at: null then. */
    private static Stored stored(Item i) {
        return new Stored(project(i), i.createdAt == null ? null : Instant.parse(i.createdAt));
    }

    private static Project project(Item i) {
        Project.PreviousKey previous = i.previousSecretKey == null || i.previousKeyUntil == null ? null
                : new Project.PreviousKey(i.previousSecretKey, Instant.parse(i.previousKeyUntil));
        return new Project(i.projectId, i.publicKey, i.secretKey, i.name, i.allowedOrigins, i.allowedIpRanges,
                positive(i.rateLimit), positive(i.rateWindowSeconds), Boolean.TRUE.equals(i.selfSignup),
                Boolean.TRUE.equals(i.requireVerifiedEmail), previous, positive(i.monthlyFiles), i.eventsWebhook);
    }

    /**
     * Every project, {@code limit} at a time, by public key: a Query of the {@value #LISTING_INDEX} index. {@code cursor}
     * is a page's {@code nextCursor}: the last public key it read (any public key is one: the next page begins after
     * it).
     */
    public Page list(int limit, Optional<String> cursor) {
        var request = QueryEnhancedRequest.builder().limit(limit)
                .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(LISTED).build()));
        cursor.ifPresent(c -> request.exclusiveStartKey(Map.of("listing", AttributeValue.fromS(LISTED),
                "public_key", AttributeValue.fromS(c))));
        var page = table.index(LISTING_INDEX).query(request.build()).iterator().next();
        List<Stored> projects = page.items().stream().map(ProjectStore::stored).toList();
        Optional<String> next = Optional.ofNullable(page.lastEvaluatedKey())
                .filter(k -> !k.isEmpty()).map(k -> k.get("public_key").s());
        return new Page(projects, next);
    }

    /**
     * Replaces {@code before} with {@code changed} (its new settings, or its rotated key), only if the stored project
     * still has {@code before}'s secret key and origins: two administrators changing one project at once can't undo
     * each other's rotation, and the origin index always matches the origins stored. One transaction writes both.
     *
     * @return false when the project is gone or was changed meanwhile
     */
    public boolean replace(Project before, Project changed, Instant createdAt) {
        changed.allowedOrigins().forEach(Origins::parse);
        changed.allowedIpRanges().forEach(IpRange::parse);
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> values = new HashMap<>(unchangedValues(before));
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(tableName)
                .item(SCHEMA.itemToMap(item(changed, createdAt), true))
                .conditionExpression("secret_key = :expected AND " + unchangedOrigins(before))
                .expressionAttributeValues(values)).build());
        writes.addAll(originIndexChanges(changed.projectId(), before.allowedOrigins(), changed.allowedOrigins()));
        return Transactions.write(dynamo, writes).isEmpty();
    }

    /**
     * Deletes {@code stored}'s item, and its origins from the origin index, only if it is still as read: from now on
     * (and within the functions' 60 s cache) its tokens are refused.
     *
     * @return false when the project is gone or was changed meanwhile
     */
    public boolean delete(Project stored) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().delete(d -> d.tableName(tableName)
                .key(Map.of("public_key", AttributeValue.fromS(stored.publicKey())))
                .conditionExpression("secret_key = :expected AND " + unchangedOrigins(stored))
                .expressionAttributeValues(unchangedValues(stored))).build());
        writes.addAll(originIndexChanges(stored.projectId(), stored.allowedOrigins(), List.of()));
        writes.add(TransactWriteItem.builder().delete(d -> d.tableName(tableName)
                .key(Map.of("public_key", AttributeValue.fromS(ID_KEY_PREFIX + stored.projectId())))).build());
        return Transactions.write(dynamo, writes).isEmpty();
    }

    /**
     * Whether any project lists {@code origin}: what the CORS preflight asks, before any token names a project (a
     * browser's preflight carries none). The answer to the request itself then checks the caller's own project.
     */
    public boolean anyProjectListsOrigin(String origin) {
        Optional<String> canonical = Origins.canonicalOf(origin);
        if (canonical.isEmpty()) {
            return false;
        }
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(tableName)
                .key(Map.of("public_key", AttributeValue.fromS(ORIGIN_KEY_PREFIX + canonical.get())))).item();
        AttributeValue projects = item == null ? null : item.get(ORIGIN_PROJECTS);
        return projects != null && projects.hasSs() && !projects.ss().isEmpty();
    }

    private static String unchangedOrigins(Project before) {
        return before.allowedOrigins().isEmpty() ? "attribute_not_exists(allowed_origins)"
                : "allowed_origins = :origins";
    }

    private static Map<String, AttributeValue> unchangedValues(Project before) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":expected", AttributeValue.fromS(before.secretKey()));
        if (!before.allowedOrigins().isEmpty()) {
            values.put(":origins", AttributeValue.fromL(before.allowedOrigins().stream()
                    .map(AttributeValue::fromS).toList()));
        }
        return values;
    }

    /**
     * The origin index: one item per origin ({@code public_key} {@code #origin#<canonical origin>}, which no public
     * key can be), holding the set of the projects that list it. Sets change atomically (ADD, DELETE), so two
     * projects listing one origin never overwrite each other; DynamoDB drops a set that becomes empty.
     */
    private List<TransactWriteItem> originIndexChanges(String projectId, List<String> before, List<String> after) {
        Set<String> old = new TreeSet<>(before.stream().map(Origins::parse).toList());
        Set<String> now = new TreeSet<>(after.stream().map(Origins::parse).toList());
        List<TransactWriteItem> writes = new ArrayList<>();
        Set<String> every = new TreeSet<>(old);
        every.addAll(now);
        for (String origin : every) {
            if (old.contains(origin) == now.contains(origin)) {
                continue;
            }
            String action = now.contains(origin) ? "ADD" : "DELETE";
            writes.add(TransactWriteItem.builder().update(u -> u.tableName(tableName)
                    .key(Map.of("public_key", AttributeValue.fromS(ORIGIN_KEY_PREFIX + origin)))
                    .updateExpression(action + " " + ORIGIN_PROJECTS + " :project")
                    .expressionAttributeValues(Map.of(":project", AttributeValue.fromSs(List.of(projectId)))))
                    .build());
        }
        return writes;
    }

    /** A stored number that is missing or not positive means "the deployment's default". */
    private static int positive(Integer value) {
        return value == null || value < 0 ? 0 : value;
    }

    /**
     * Stores a new project; never overwrites one with the same public key. Its origins and IP ranges must parse
     * ({@link Origins#parse}, {@link IpRange#parse}), so that a typo is refused here rather than locking the
     * project out later.
     */
    public void create(Project project, Instant now) {
        project.allowedOrigins().forEach(Origins::parse);
        project.allowedIpRanges().forEach(IpRange::parse);
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(tableName)
                .item(SCHEMA.itemToMap(item(project, now), true))
                .conditionExpression("attribute_not_exists(public_key)")).build());
        writes.addAll(originIndexChanges(project.projectId(), List.of(), project.allowedOrigins()));
        writes.add(idClaim(project));
        if (!Transactions.write(dynamo, writes).isEmpty()) {
            throw new IllegalStateException("A project with the public key " + project.publicKey() + " exists");
        }
    }

    private static Item item(Project project, Instant createdAt) {
        Item item = new Item();
        item.publicKey = project.publicKey();
        item.listing = LISTED;
        item.projectId = project.projectId();
        item.secretKey = project.secretKey();
        item.name = project.name();
        item.allowedOrigins = project.allowedOrigins().isEmpty() ? null : project.allowedOrigins();
        item.allowedIpRanges = project.allowedIpRanges().isEmpty() ? null : project.allowedIpRanges();
        item.rateLimit = project.rateLimit() == 0 ? null : project.rateLimit();
        item.rateWindowSeconds = project.rateWindowSeconds() == 0 ? null : project.rateWindowSeconds();
        item.monthlyFiles = project.monthlyFiles() == 0 ? null : project.monthlyFiles();
        item.selfSignup = project.selfSignup() ? Boolean.TRUE : null;
        item.requireVerifiedEmail = project.requireVerifiedEmail() ? Boolean.TRUE : null;
        item.createdAt = createdAt == null ? null : createdAt.toString();
        item.eventsWebhook = project.eventsWebhook();
        if (project.previousKey() != null) {
            item.previousSecretKey = project.previousKey().secretKey();
            item.previousKeyUntil = project.previousKey().until().toString();
        }
        return item;
    }
}
