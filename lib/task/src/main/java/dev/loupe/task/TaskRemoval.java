package dev.loupe.task;

import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Deleting a task (which starts its clean-up) and, in the clean-up, every item left under its key. */
public final class TaskRemoval {
    private final TaskTable table;
    private final OpenTasks openTasks;

    TaskRemoval(TaskTable table, OpenTasks openTasks) {
        this.table = table;
        this.openTasks = openTasks;
    }

    /** Deletes the task item and takes it out of the open set, together; false when it was already gone. */
    public boolean delete(Task task) {
        Delete delete = Delete.builder().tableName(table.name)
                .key(TaskTable.taskKeyMap(task.projectId(), task.taskId()))
                .conditionExpression("attribute_exists(pk)").build();
        try {
            table.dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().delete(delete).build(),
                    TransactWriteItem.builder().update(openTasks.closing(task.projectId(), task.taskId())).build()));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    /** Deletes every item left under a task's key (its files, unfinished chunked uploads); idempotent. */
    public int deleteItemsOf(String projectId, String taskId) {
        int deleted = 0;
        for (Map<String, AttributeValue> item : table.queryPk(TaskKeys.taskPk(projectId, taskId), null)) {
            if (item.get("sk").s().equals(TaskKeys.TASK_SK)) {
                continue; // never the task itself: only TTL or delete() remove it, which is what starts a clean-up
            }
            table.dynamo.deleteItem(b -> b.tableName(table.name)
                    .key(Map.of("pk", item.get("pk"), "sk", item.get("sk"))));
            deleted++;
        }
        return deleted;
    }
}
