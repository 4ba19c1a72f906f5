package dev.loupe.task;

import static dev.loupe.task.TaskTable.n;
import static dev.loupe.task.TaskTable.s;

import dev.loupe.core.dynamo.Transactions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * A project's open tasks (the tasks that took an upload and were not processed yet) and their limit: the set of ids
 * under {@link TaskKeys#openPk}. Opening is a transaction with the task item, so that the limit holds under races.
 */
public final class OpenTasks {
    private final TaskTable table;
    private final TaskRecords records;

    OpenTasks(TaskTable table, TaskRecords records) {
        this.table = table;
        this.records = records;
    }

    public enum OpenResult { OPENED, TASK_CHANGED, LIMIT_REACHED }

    /**
     * Counts the task as open (its first upload), in one transaction with the condition that the project has fewer
     * than {@code maxOpen} open tasks. Opening an open task again changes nothing. A conflict with another
     * transaction on the project's open set at the same moment is retried by {@link Transactions#write}.
     */
    public OpenResult open(Task task, int maxOpen, Instant now, Duration lifetime) {
        Update openTask = Update.builder().tableName(table.name)
                .key(TaskTable.taskKeyMap(task.projectId(), task.taskId()))
                .updateExpression("SET #open = :true, updated = :now, expires_at = :exp")
                .conditionExpression("#status = :waiting AND expires_at > :nows")
                .expressionAttributeNames(Map.of("#open", "open", "#status", "status"))
                .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true),
                        ":now", n(now.toEpochMilli()), ":exp", n(TaskTable.expiry(now, lifetime)),
                        ":waiting", s(TaskTable.WAITING), ":nows", n(now.getEpochSecond())))
                .build();
        Update count = Update.builder().tableName(table.name).key(TaskTable.openKey(task.projectId()))
                .updateExpression("ADD open_tasks :id")
                .conditionExpression("attribute_not_exists(open_tasks) OR size(open_tasks) < :max"
                        + " OR contains(open_tasks, :task)")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(task.taskId())),
                        ":max", n(maxOpen), ":task", s(task.taskId())))
                .build();
        List<String> failed = Transactions.write(table.dynamo, List.of(
                TransactWriteItem.builder().update(openTask).build(),
                TransactWriteItem.builder().update(count).build()));
        if (failed.isEmpty()) {
            return OpenResult.OPENED;
        }
        return Transactions.CONDITION_FAILED.equals(failed.get(0)) ? OpenResult.TASK_CHANGED : OpenResult.LIMIT_REACHED;
    }

    /** The ids the project's open set holds. */
    public List<String> ids(String projectId) {
        var item = table.dynamo.getItem(b -> b.tableName(table.name).key(TaskTable.openKey(projectId))
                .consistentRead(true)).item();
        AttributeValue ids = item == null ? null : item.get("open_tasks");
        return ids == null ? List.of() : ids.ss();
    }

    /** Takes a task out of its project's open set; idempotent. */
    public void close(String projectId, String taskId) {
        Update close = closing(projectId, taskId);
        table.dynamo.updateItem(b -> b.tableName(table.name).key(close.key())
                .updateExpression(close.updateExpression())
                .expressionAttributeValues(close.expressionAttributeValues()));
    }

    /**
     * Takes out of the open set the tasks that are no longer open: gone, expired (DynamoDB's TTL deletes late, on AWS
     * up to days), or no longer waiting. Called when the limit is reached, before refusing.
     */
    public int sweep(String projectId, Instant now) {
        int removed = 0;
        for (String taskId : ids(projectId)) {
            Optional<Task> task = records.find(projectId, taskId);
            if (task.isEmpty() || task.get().expired(now) || task.get().status() != TaskStatus.WAITING) {
                close(projectId, taskId);
                removed++;
            }
        }
        return removed;
    }

    /** The update that takes a task out of the open set, for the transactions that close a task as they change it. */
    Update closing(String projectId, String taskId) {
        return Update.builder().tableName(table.name).key(TaskTable.openKey(projectId))
                .updateExpression("DELETE open_tasks :id")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(taskId)))).build();
    }
}
