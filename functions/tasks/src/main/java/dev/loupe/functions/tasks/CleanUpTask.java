package dev.loupe.functions.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.loupe.core.config.Env;
import dev.loupe.core.dynamo.DynamoDbClients;
import dev.loupe.s3.S3Clients;
import dev.loupe.task.TaskCleanup;
import dev.loupe.task.TaskKeys;
import dev.loupe.task.TaskObjects;
import dev.loupe.task.TaskStore;

/**
 * The TasksTable stream's consumer: when a task item goes (TTL expiry or a delete: REMOVE records), its objects,
 * file items and open-task entry go too. Other records (inserts, updates, file items' own removals) are skipped.
 * Each step is idempotent; a record that fails is reported so that Lambda retries from it, and those after it.
 */
public final class CleanUpTask implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    /** Built here rather than in {@link Tasks}: the clean-up needs the table and the bucket, none of the limits. */
    private static final class Cleanup {
        static final TaskCleanup CLEANUP = new TaskCleanup(
                new TaskStore(DynamoDbClients.client(), Env.TASKS_TABLE.required()),
                new TaskObjects(S3Clients.client(), Env.TASK_BUCKET.required()));
    }

    /** The clean-up's services, which ExpirePlainCopy shares (it needs the same table and bucket, nothing more). */
    static TaskCleanup cleanup() {
        return Cleanup.CLEANUP;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            if (!failures.isEmpty()) {
                // Stream records are ordered: once one fails, Lambda retries from it, so report the rest as well.
                failures.add(new StreamsEventResponse.BatchItemFailure(record.getDynamodb().getSequenceNumber()));
                continue;
            }
            Map<String, AttributeValue> old = record.getDynamodb() == null ? null : record.getDynamodb().getOldImage();
            if (!"REMOVE".equals(record.getEventName()) || old == null || old.get("sk") == null
                    || !TaskKeys.TASK_SK.equals(old.get("sk").getS()) || old.get("project_id") == null
                    || old.get("task_id") == null) {
                continue;
            }
            String projectId = old.get("project_id").getS();
            String taskId = old.get("task_id").getS();
            boolean wasOpen = old.get("open") != null && Boolean.TRUE.equals(old.get("open").getBOOL());
            try {
                TaskCleanup.Removed removed = Cleanup.CLEANUP.cleanUp(projectId, taskId, wasOpen);
                log(context, "cleaned up task " + taskId + " of project " + projectId + ": " + removed.objects()
                        + " object(s), " + removed.items() + " item(s)" + (wasOpen ? ", closed" : ""));
            } catch (RuntimeException e) {
                log(context, "ERROR cleaning up task " + taskId + ": " + e);
                failures.add(new StreamsEventResponse.BatchItemFailure(record.getDynamodb().getSequenceNumber()));
            }
        }
        return new StreamsEventResponse(failures);
    }

    private static void log(Context context, String line) {
        if (context != null) {
            context.getLogger().log(line);
        }
    }
}
