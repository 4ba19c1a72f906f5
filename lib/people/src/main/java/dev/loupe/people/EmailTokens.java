package dev.loupe.people;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import dev.loupe.core.Ids;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The one-time tokens of emailed links (email verification, password reset), in the users table ({@link UserKeys}:
 * {@code pk = P#<project>#TOKEN#<SHA-256 of the token>}, {@code sk = VERIFY} or {@code RESET}). Only the hash is
 * stored, so the table never holds a usable link. A token works once: using it deletes its item, on the condition
 * that it is there and not expired, so of two clicks racing one wins. {@code expires_at} (TTL) removes unused ones.
 */
public final class EmailTokens {
    /** A digest's unsubscribe link ({@code UNSUBSCRIBE}) is one too: {@link NotificationDigests}. */
    public enum Purpose { VERIFY, RESET, UNSUBSCRIBE }

    /** What a used token was for: the user and, for a verification, the address it verified. */
    public record Used(String userId, String email) {
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public EmailTokens(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** A new token for the user, valid for {@code lifetime}; the caller mails it and forgets it. */
    public String issue(String projectId, Purpose purpose, String userId, String email, Duration lifetime) {
        String token = Ids.newId() + Ids.newId();
        Instant expires = clock.instant().plus(lifetime);
        dynamo.putItem(r -> r.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS(UserKeys.token(projectId, hash(token))),
                "sk", AttributeValue.fromS(purpose.name()),
                "user_id", AttributeValue.fromS(userId),
                "email", AttributeValue.fromS(email),
                "expires_at", AttributeValue.fromN(Long.toString(expires.getEpochSecond())))));
        return token;
    }

    /** Uses a token: what it was for, or empty when it is unknown, used already, expired or another project's. */
    public Optional<Used> use(String projectId, Purpose purpose, String token) {
        if (token == null || token.length() != 52 || !Ids.plausible(token)) {
            return Optional.empty();
        }
        try {
            var old = dynamo.deleteItem(r -> r.tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS(UserKeys.token(projectId, hash(token))),
                            "sk", AttributeValue.fromS(purpose.name())))
                    .conditionExpression("attribute_exists(pk) AND expires_at > :now")
                    .expressionAttributeValues(Map.of(":now",
                            AttributeValue.fromN(Long.toString(clock.instant().getEpochSecond()))))
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
            if (old == null || old.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Used(old.get("user_id").s(), old.get("email").s()));
        } catch (ConditionalCheckFailedException usedOrExpired) {
            return Optional.empty();
        }
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
