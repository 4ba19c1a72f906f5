package dev.loupe.functions.tasks;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.loupe.core.stream.StreamWorker;
import dev.loupe.task.TaskCleanup;
import dev.loupe.task.TaskKeys;

/**
 * The TasksTable stream's consumer: when a task item goes (TTL expiry or a delete: REMOVE records), its objects,
 * file items and open-task entry go too. Other records (inserts, updates, file items' own removals) are skipped.
 * Each step is idempotent; a record that fails is reported with the records after it ({@link StreamWorker}), so that
 * Lambda retries from it.
 */
public final class CleanUpTask extends StreamWorker {
    private final TaskCleanup cleanup;

    public CleanUpTask() {
        this(TaskWiring.cleanup());
    }

    CleanUpTask(TaskCleanup cleanup) {
        this.cleanup = cleanup;
    }

    @Override
    protected void process(DynamodbEvent.DynamodbStreamRecord record, Log log) {
        Map<String, AttributeValue> old = record.getDynamodb() == null ? null : record.getDynamodb().getOldImage();
        if (!"REMOVE".equals(record.getEventName()) || old == null || old.get("sk") == null
                || !TaskKeys.TASK_SK.equals(old.get("sk").getS()) || old.get("project_id") == null
                || old.get("task_id") == null) {
            return;
        }
        String projectId = old.get("project_id").getS();
        String taskId = old.get("task_id").getS();
        boolean wasOpen = old.get("open") != null && Boolean.TRUE.equals(old.get("open").getBOOL());
        TaskCleanup.Removed removed = cleanup.cleanUp(projectId, taskId, wasOpen);
        log.line("cleaned up task " + taskId + " of project " + projectId + ": " + removed.objects()
                + " object(s), " + removed.items() + " item(s)" + (wasOpen ? ", closed" : ""));
    }
}
