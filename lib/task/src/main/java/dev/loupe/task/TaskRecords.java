package dev.loupe.task;

import java.util.Optional;

import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;

/** The task items themselves: storing a new task and reading one back. */
public final class TaskRecords {
    private final TaskTable table;

    TaskRecords(TaskTable table) {
        this.table = table;
    }

    /** Stores a new task; its random id makes a collision practically impossible, the condition makes it certain. */
    public void create(Task task) {
        table.tasks.putItem(PutItemEnhancedRequest.builder(TaskItems.TaskItem.class).item(TaskItems.toItem(task))
                .conditionExpression(Expression.builder().expression("attribute_not_exists(pk)").build()).build());
    }

    /** The task as stored, expired or not (callers decide); empty when there is none in this project. */
    public Optional<Task> find(String projectId, String taskId) {
        TaskItems.TaskItem item = table.tasks.getItem(r -> r.key(TaskTable.taskKey(projectId, taskId))
                .consistentRead(true));
        return Optional.ofNullable(item).map(TaskItems::fromItem);
    }
}
