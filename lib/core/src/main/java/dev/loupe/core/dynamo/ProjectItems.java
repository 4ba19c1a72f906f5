package dev.loupe.core.dynamo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Every item whose partition key {@code pk} begins with {@code P#<project>#} (Loupe's one key convention: GalleryKeys,
 * LibraryKeys, TaskKeys, UserKeys, SessionStore, RateLimiter) carries {@code project_id = <project>}, the partition key
 * of each table's sparse, keys-only {@value #INDEX} index: a deleted project's purge queries that index for its items
 * instead of scanning the tables (docs/DESIGN.md, "Deleting a project").
 *
 * <p>The attribute is added here, on the way out of the one DynamoDB client ({@link DynamoDbClients}), to every
 * PutItem, UpdateItem, BatchWriteItem put and transactional put or update: the enhanced client's writes and the
 * stores' hand-built ones alike, so that no writer can forget it. An update that names {@code project_id} itself is
 * left as it is. An update that only removes is tagged too: UpdateItem is an upsert, so on a missing item it creates
 * one with the key alone (the open-task set's {@code DELETE} did), which the purge must still find. An item that
 * carries another project's id than its key's is a bug, refused before it is written.
 */
public final class ProjectItems implements ExecutionInterceptor {
    /** The attribute, and each project table's index on it (hash {@code project_id}, range {@code pk}). */
    public static final String ATTRIBUTE = "project_id";
    public static final String INDEX = "project-items";
    static final String PARTITION_KEY = "pk";

    private static final String NAME = "#loupe_project";
    private static final String VALUE = ":loupe_project";
    /** The update expression's SET clause (SET is a reserved word: unquoted, it is always the keyword). */
    private static final Pattern SET = Pattern.compile("(?i)(?<![#:\\w.])SET\\s+");
    private static final Pattern NAMED = Pattern.compile("(?<![#:\\w.])" + ATTRIBUTE + "(?!\\w)");

    /** The project of a partition key {@code P#<project>#...}, if it is one. */
    public static Optional<String> projectOf(AttributeValue partitionKey) {
        if (partitionKey == null || partitionKey.s() == null || !partitionKey.s().startsWith("P#")) {
            return Optional.empty();
        }
        String key = partitionKey.s();
        int end = key.indexOf('#', 2);
        return end > 2 ? Optional.of(key.substring(2, end)) : Optional.empty();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        return switch (context.request()) {
            case PutItemRequest put -> put.toBuilder().item(tagged(put.item())).build();
            case UpdateItemRequest update -> tagged(update);
            case BatchWriteItemRequest batch -> tagged(batch);
            case TransactWriteItemsRequest transaction -> tagged(transaction);
            default -> context.request();
        };
    }

    /** The item with its project's id when its key names one. */
    static Map<String, AttributeValue> tagged(Map<String, AttributeValue> item) {
        Optional<String> project = projectOf(item.get(PARTITION_KEY));
        if (project.isEmpty()) {
            return item;
        }
        AttributeValue present = item.get(ATTRIBUTE);
        if (present != null && present.s() != null) {
            if (!present.s().equals(project.get())) {
                throw new IllegalStateException("an item of project " + project.get() + " (" + item.get(PARTITION_KEY)
                        .s() + ") carries " + ATTRIBUTE + " " + present.s());
            }
            return item;
        }
        Map<String, AttributeValue> tagged = new HashMap<>(item);
        tagged.put(ATTRIBUTE, AttributeValue.fromS(project.get()));
        return tagged;
    }

    private static UpdateItemRequest tagged(UpdateItemRequest update) {
        Optional<String> project = projectOf(update.key().get(PARTITION_KEY));
        if (project.isEmpty()) {
            return update;
        }
        if (update.hasAttributeUpdates()) {
            // The legacy form (no expression): one more attribute to PUT.
            if (update.attributeUpdates().containsKey(ATTRIBUTE)) {
                return update;
            }
            Map<String, AttributeValueUpdate> updates = new HashMap<>(update.attributeUpdates());
            updates.put(ATTRIBUTE, AttributeValueUpdate.builder().action(AttributeAction.PUT)
                    .value(AttributeValue.fromS(project.get())).build());
            return update.toBuilder().attributeUpdates(updates).build();
        }
        Expression tagged = tagged(project.get(), update.updateExpression(), update.expressionAttributeNames(),
                update.expressionAttributeValues());
        return tagged == null ? update : update.toBuilder().updateExpression(tagged.update())
                .expressionAttributeNames(tagged.names()).expressionAttributeValues(tagged.values()).build();
    }

    private static BatchWriteItemRequest tagged(BatchWriteItemRequest batch) {
        Map<String, List<WriteRequest>> items = new HashMap<>();
        batch.requestItems().forEach((table, writes) -> items.put(table, writes.stream()
                .map(w -> w.putRequest() == null ? w : w.toBuilder()
                        .putRequest(PutRequest.builder().item(tagged(w.putRequest().item())).build()).build())
                .toList()));
        return batch.toBuilder().requestItems(items).build();
    }

    private static TransactWriteItemsRequest tagged(TransactWriteItemsRequest transaction) {
        List<TransactWriteItem> writes = new ArrayList<>();
        for (TransactWriteItem write : transaction.transactItems()) {
            if (write.put() != null) {
                Put put = write.put();
                write = write.toBuilder().put(put.toBuilder().item(tagged(put.item())).build()).build();
            } else if (write.update() != null) {
                Update update = write.update();
                Optional<String> project = projectOf(update.key().get(PARTITION_KEY));
                Expression tagged = project.isEmpty() ? null : tagged(project.get(), update.updateExpression(),
                        update.expressionAttributeNames(), update.expressionAttributeValues());
                if (tagged != null) {
                    write = write.toBuilder().update(update.toBuilder().updateExpression(tagged.update())
                            .expressionAttributeNames(tagged.names()).expressionAttributeValues(tagged.values())
                            .build()).build();
                }
            }
            writes.add(write);
        }
        return transaction.toBuilder().transactItems(writes).build();
    }

    /** An update expression with its placeholders. */
    record Expression(String update, Map<String, String> names, Map<String, AttributeValue> values) {
    }

    /**
     * The update that also sets the project's id: first in its SET clause, or a SET clause of its own (a clause may
     * appear once); null when the update names the attribute itself.
     */
    static Expression tagged(String project, String update, Map<String, String> names,
                             Map<String, AttributeValue> values) {
        String expression = update == null ? "" : update;
        if (NAMED.matcher(expression).find() || names.containsValue(ATTRIBUTE)) {
            return null;
        }
        Matcher set = SET.matcher(expression);
        String tagged = set.find()
                ? expression.substring(0, set.start()) + "SET " + NAME + " = " + VALUE + ", "
                + expression.substring(set.end())
                : (expression.isBlank() ? "" : expression + " ") + "SET " + NAME + " = " + VALUE;
        Map<String, String> moreNames = new HashMap<>(names);
        moreNames.put(NAME, ATTRIBUTE);
        Map<String, AttributeValue> moreValues = new HashMap<>(values);
        moreValues.put(VALUE, AttributeValue.fromS(project));
        return new Expression(tagged, moreNames, moreValues);
    }
}
