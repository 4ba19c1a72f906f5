package dev.loupe.task;

import static dev.loupe.task.TaskTable.n;

import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * A project's processed files per UTC calendar month, counted against its monthly allowance: one item per project
 * and month ({@link TaskKeys#monthPk}, {@link TaskKeys#monthSk}) whose {@code used} only a conditional update
 * raises, by a task's file count and only while {@code used + files <= allowance}. Two processes racing for the last
 * files of a month are decided by DynamoDB: exactly the ones that fit are counted.
 */
public final class MonthlyFiles {
    private final TaskTable table;

    MonthlyFiles(TaskTable table) {
        this.table = table;
    }

    /**
     * The update that counts {@code files} in the project's month, on the condition that they fit in
     * {@code allowance}; {@link TaskProgress#beginProcessing} runs it in one transaction with the task's move to
     * TaskProcessing, so that a task is counted exactly when it begins. {@code files} is at most {@code allowance}
     * (the caller refuses more before anything is written).
     */
    Update taking(String projectId, FileMonth month, int files, int allowance) {
        if (files < 1 || files > allowance) {
            throw new IllegalArgumentException("a task counts 1 to allowance files, not " + files);
        }
        return Update.builder().tableName(table.name).key(TaskTable.monthKey(projectId, month))
                .updateExpression("SET expires_at = :exp ADD used :files")
                .conditionExpression("attribute_not_exists(used) OR used <= :room")
                .expressionAttributeValues(Map.of(":files", n(files), ":room", n(allowance - files),
                        ":exp", n(month.expiresAt())))
                .build();
    }

    /** The files counted in the project's month so far (0 before the first). */
    public int used(String projectId, FileMonth month) {
        Map<String, AttributeValue> item = table.dynamo.getItem(b -> b.tableName(table.name)
                .key(TaskTable.monthKey(projectId, month)).consistentRead(true)).item();
        AttributeValue used = item == null ? null : item.get("used");
        return used == null ? 0 : Integer.parseInt(used.n());
    }

    /**
     * Takes back {@code files} counted in {@code month} that will never be processed (their messages could not be
     * sent). Never below 0: when the month's count is already lower (it expired), nothing changes.
     */
    public void giveBack(String projectId, FileMonth month, int files) {
        if (files <= 0) {
            return;
        }
        try {
            table.dynamo.updateItem(b -> b.tableName(table.name).key(TaskTable.monthKey(projectId, month))
                    .updateExpression("ADD used :minus")
                    .conditionExpression("used >= :files")
                    .expressionAttributeValues(Map.of(":minus", n(-files), ":files", n(files))));
        } catch (ConditionalCheckFailedException e) {
            // Nothing to give back in this month any more.
        }
    }
}
