package dev.loupe.task;

import static dev.loupe.task.TaskTable.n;
import static dev.loupe.task.TaskTable.s;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * A task's file items ({@code F#<server_filename>}): adding and removing one counts it on its task in the same
 * transaction, so that the task's {@code file_count} and its files never disagree.
 */
public final class TaskFiles {
    private final TaskTable table;

    TaskFiles(TaskTable table) {
        this.table = table;
    }

    public Optional<TaskFile> find(String projectId, String taskId, String serverFilename) {
        TaskItems.FileItem item = table.files.getItem(r -> r.key(Key.builder()
                .partitionValue(TaskKeys.taskPk(projectId, taskId)).sortValue(TaskKeys.fileSk(serverFilename))
                .build()).consistentRead(true));
        return Optional.ofNullable(item).map(TaskItems::fromItem);
    }

    /**
     * The named files of a task that exist, by server_filename, read consistently in BatchGetItem calls of at most
     * 100 keys (the worker reads a batch's redelivered files in one call rather than one GetItem each).
     */
    public Map<String, TaskFile> findAll(String projectId, String taskId, Collection<String> serverFilenames) {
        List<String> names = serverFilenames.stream().distinct().toList();
        Map<String, TaskFile> found = new LinkedHashMap<>();
        for (int from = 0; from < names.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = names.subList(from, Math.min(names.size(), from + 100)).stream()
                    .map(name -> TaskTable.fileKeyMap(projectId, taskId, name)).toList();
            Map<String, KeysAndAttributes> request = Map.of(table.name,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> asked = request;
                BatchGetItemResponse response = table.dynamo.batchGetItem(b -> b.requestItems(asked));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table.name, List.of())) {
                    TaskFile file = TaskItems.fromItem(TaskItems.FILE_SCHEMA.mapToItem(item));
                    found.put(file.serverFilename(), file);
                }
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return found;
    }

    /** A task's files in server_filename order. */
    public List<TaskFile> list(String projectId, String taskId) {
        List<TaskFile> result = new ArrayList<>();
        for (Map<String, AttributeValue> item : table.queryPk(TaskKeys.taskPk(projectId, taskId),
                TaskKeys.FILE_PREFIX)) {
            result.add(TaskItems.fromItem(TaskItems.FILE_SCHEMA.mapToItem(item)));
        }
        return result;
    }

    public enum AddResult { ADDED, TASK_CHANGED, TOO_MANY_FILES }

    /**
     * Records an uploaded file and counts it on its task, together: the task must still be waiting, unexpired, and
     * hold fewer than {@code maxFiles} files.
     */
    public AddResult add(TaskFile file, int maxFiles, Instant now, Duration lifetime) {
        TaskItems.FileItem item = TaskItems.toItem(file);
        item.expiresAt = TaskTable.fileBackstop(now, lifetime);
        Put put = Put.builder().tableName(table.name).item(TaskItems.FILE_SCHEMA.itemToMap(item, true))
                .conditionExpression("attribute_not_exists(pk)").build();
        Update count = Update.builder().tableName(table.name)
                .key(TaskTable.taskKeyMap(file.projectId(), file.taskId()))
                .updateExpression("ADD file_count :one SET updated = :now, expires_at = :exp")
                .conditionExpression("#status = :waiting AND expires_at > :nows AND file_count < :max")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":one", n(1), ":now", n(now.toEpochMilli()),
                        ":exp", n(TaskTable.expiry(now, lifetime)), ":waiting", s(TaskTable.WAITING),
                        ":nows", n(now.getEpochSecond()), ":max", n(maxFiles)))
                .returnValuesOnConditionCheckFailure("ALL_OLD").build();
        try {
            table.dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().put(put).build(),
                    TransactWriteItem.builder().update(count).build()));
            return AddResult.ADDED;
        } catch (TransactionCanceledException e) {
            CancellationReason reason = e.cancellationReasons().size() > 1 ? e.cancellationReasons().get(1) : null;
            if (reason != null && "ConditionalCheckFailed".equals(reason.code()) && reason.item() != null
                    && !reason.item().isEmpty()) {
                Task task = TaskItems.fromItem(TaskItems.TASK_SCHEMA.mapToItem(reason.item()));
                if (task.status() == TaskStatus.WAITING && !task.expired(now) && task.fileCount() >= maxFiles) {
                    return AddResult.TOO_MANY_FILES;
                }
            }
            return AddResult.TASK_CHANGED;
        }
    }

    /** Removes a file from a waiting task and uncounts it; false when there was no such file (or the task moved on). */
    public boolean remove(String projectId, String taskId, String serverFilename, Instant now, Duration lifetime) {
        Delete delete = Delete.builder().tableName(table.name)
                .key(TaskTable.fileKeyMap(projectId, taskId, serverFilename))
                .conditionExpression("attribute_exists(pk)").build();
        Update count = Update.builder().tableName(table.name).key(TaskTable.taskKeyMap(projectId, taskId))
                .updateExpression("ADD file_count :minus SET updated = :now, expires_at = :exp")
                .conditionExpression("#status = :waiting AND expires_at > :nows")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":minus", n(-1), ":now", n(now.toEpochMilli()),
                        ":exp", n(TaskTable.expiry(now, lifetime)), ":waiting", s(TaskTable.WAITING),
                        ":nows", n(now.getEpochSecond())))
                .build();
        try {
            table.dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().delete(delete).build(),
                    TransactWriteItem.builder().update(count).build()));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }
}
