package dev.loupe.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectDirectory;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The projects table, keyed by public key (tokens name it in {@code jti}). Its schema lives here and nowhere else.
 * Every item carries {@code listing = "project"}, the partition key of the {@value #LISTING_INDEX} index (sort key the
 * public key) that the administration's list pages through: a Query, never a Scan.
 */
public final class ProjectStore implements ProjectDirectory {
    /** The index of every project, and the one value of its partition key. */
    public static final String LISTING_INDEX = "listing";
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
        private Boolean selfSignup;
        private Boolean requireVerifiedEmail;
        private String createdAt;
        private String previousSecretKey;
        private String previousKeyUntil;
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
            .build();

    /** One page of {@link #list}: the projects, and the cursor of the next page when there is one. */
    public record Page(List<Stored> projects, Optional<String> nextCursor) {
    }

    private final DynamoDbTable<Item> table;

    public ProjectStore(DynamoDbEnhancedClient client, String tableName) {
        this.table = client.table(tableName, SCHEMA);
    }

    @Override
    public Optional<Project> findByPublicKey(String publicKey) {
        Item item = table.getItem(r -> r.key(Key.builder().partitionValue(publicKey).build()).consistentRead(false));
        return Optional.ofNullable(item).map(ProjectStore::project);
    }

    /** A project as stored, with when it was created (null if unknown): what the administration reads and changes. */
    public record Stored(Project project, Instant createdAt) {
    }

    /** The project as stored now (a consistent read), for the administration to show or change. */
    public Optional<Stored> findLatest(String publicKey) {
        Item item = table.getItem(r -> r.key(Key.builder().partitionValue(publicKey).build()).consistentRead(true));
        return Optional.ofNullable(item).map(i -> stored(i));
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
                Boolean.TRUE.equals(i.requireVerifiedEmail), previous);
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
     * Replaces a project with {@code changed} (its new settings, or its rotated key), only if its secret key is still
     * {@code expectedSecretKey}: two administrators changing one project at once can't undo each other's rotation.
     *
     * @return false when the project is gone or was changed meanwhile
     */
    public boolean replace(Project changed, String expectedSecretKey, Instant createdAt) {
        changed.allowedOrigins().forEach(Origins::parse);
        changed.allowedIpRanges().forEach(IpRange::parse);
        Item item = item(changed, createdAt);
        try {
            table.putItem(PutItemEnhancedRequest.builder(Item.class).item(item)
                    .conditionExpression(Expression.builder().expression("secret_key = :expected")
                            .putExpressionValue(":expected", AttributeValue.fromS(expectedSecretKey)).build())
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Deletes the project's item: from now on (and within the functions' 60 s cache) its tokens are refused. */
    public boolean delete(String publicKey) {
        try {
            table.deleteItem(DeleteItemEnhancedRequest.builder()
                    .key(Key.builder().partitionValue(publicKey).build())
                    .conditionExpression(Expression.builder().expression("attribute_exists(public_key)").build())
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
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
        Item item = item(project, now);
        table.putItem(PutItemEnhancedRequest.builder(Item.class).item(item)
                .conditionExpression(Expression.builder().expression("attribute_not_exists(public_key)").build())
                .build());
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
        item.selfSignup = project.selfSignup() ? Boolean.TRUE : null;
        item.requireVerifiedEmail = project.requireVerifiedEmail() ? Boolean.TRUE : null;
        item.createdAt = createdAt == null ? null : createdAt.toString();
        if (project.previousKey() != null) {
            item.previousSecretKey = project.previousKey().secretKey();
            item.previousKeyUntil = project.previousKey().until().toString();
        }
        return item;
    }
}
