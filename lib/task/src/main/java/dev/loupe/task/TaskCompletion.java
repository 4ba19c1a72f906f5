package dev.loupe.task;

import static dev.loupe.task.TaskTable.n;
import static dev.loupe.task.TaskTable.s;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The end of processing: exactly one worker claims the task once every file has a result, finishes it with its
 * output, and owes its webhook (recorded by {@code webhook_queued}, so that a redelivery sends it at most once more).
 */
public final class TaskCompletion {
    private final TaskTable table;

    TaskCompletion(TaskTable table) {
        this.table = table;
    }

    /**
     * Claims the right to build the task's output: succeeds for exactly one caller, and only once every file has a
     * result ({@code files_done = files_total}). A worker that finds its file already recorded (a redelivery after
     * a crash) calls this too, so a task whose last worker died still completes.
     */
    public boolean claim(String projectId, String taskId, String worker) {
        return claim(projectId, taskId, List.of(worker)).isPresent();
    }

    /**
     * {@link #claim(String, String, String)} for a worker that handles several messages of the task at once (a
     * batch): the claim is made in the first one's name, and any of them takes over a claim made in its name
     * before. Answers the name the task is claimed in ({@code finisher}, which {@link #finish} takes), or empty.
     */
    public Optional<String> claim(String projectId, String taskId, List<String> workers) {
        if (workers.isEmpty() || workers.size() > 99) {
            throw new IllegalArgumentException("a claim names 1 to 99 workers, not " + workers.size());
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":processing", s(TaskStatus.PROCESSING.wire()));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            values.put(":w" + i, s(workers.get(i)));
            names.add(":w" + i);
        }
        try {
            // The same worker may claim again: a redelivery of the message whose worker died after claiming (same
            // message id) takes over, so that the task is not left TaskProcessing forever. Finishing is idempotent.
            var answer = table.dynamo.updateItem(b -> b.tableName(table.name)
                    .key(TaskTable.taskKeyMap(projectId, taskId))
                    .updateExpression("SET finisher = if_not_exists(finisher, :w0)")
                    .conditionExpression("#status = :processing AND files_done = files_total"
                            + " AND (attribute_not_exists(finisher) OR finisher IN (" + String.join(", ", names)
                            + "))")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.UPDATED_NEW));
            return Optional.of(answer.attributes().get("finisher").s());
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /**
     * Claims a task that process left TaskProcessing without queueing its files ({@link UnqueuedFiles}): succeeds
     * only while it is TaskProcessing, not marked {@code queued}, began before {@code startedBefore} and is claimed
     * by nobody else. Whatever files_done says: the files no message reached will never get a result otherwise. The
     * same {@code finisher} may claim again (a reader that died after claiming is taken over by the next reader);
     * {@link #finish}'s condition on TaskProcessing makes the finish happen once.
     */
    public boolean claimUnqueued(String projectId, String taskId, String finisher, Instant startedBefore) {
        try {
            table.dynamo.updateItem(b -> b.tableName(table.name).key(TaskTable.taskKeyMap(projectId, taskId))
                    .updateExpression("SET finisher = :worker")
                    .conditionExpression("#status = :processing AND attribute_not_exists(queued)"
                            + " AND process_start < :before"
                            + " AND (attribute_not_exists(finisher) OR finisher = :worker)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":worker", s(finisher),
                            ":processing", s(TaskStatus.PROCESSING.wire()),
                            ":before", n(startedBefore.toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Ends processing: the task takes its final status and output, once (only a TaskProcessing task finished by the
     * worker that claimed it). Its lifetime starts again: a processed task lives {@code lifetime} from now.
     */
    public boolean finish(String projectId, String taskId, String worker, TaskStatus status, Task.Output output,
                          Instant now, Duration lifetime) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", s(status.wire()));
        values.put(":processing", s(TaskStatus.PROCESSING.wire()));
        values.put(":worker", s(worker));
        values.put(":now", n(now.toEpochMilli()));
        values.put(":exp", n(TaskTable.expiry(now, lifetime)));
        values.put(":fs", n(output.filesize()));
        values.put(":ofs", n(output.outputFilesize()));
        values.put(":ofn", n(output.outputFilenumber()));
        values.put(":ext", s(String.join(",", output.outputExtensions())));
        values.put(":timer", s(output.timer()));
        values.put(":dl", s(output.downloadFilename()));
        values.put(":msg", s(output.statusMessage() == null ? "" : output.statusMessage()));
        try {
            table.dynamo.updateItem(b -> b.tableName(table.name).key(TaskTable.taskKeyMap(projectId, taskId))
                    .updateExpression("SET #status = :status, updated = :now, expires_at = :exp, filesize = :fs,"
                            + " output_filesize = :ofs, output_filenumber = :ofn, output_extensions = :ext,"
                            + " timer = :timer, download_filename = :dl, status_message = :msg")
                    .conditionExpression("#status = :processing AND finisher = :worker")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Whether a finished task's webhook is still owed by this worker: it finished the task ({@code finisher}) and
     * no send was recorded ({@code webhook_queued}). Read by a redelivery of the finisher's message.
     */
    public boolean webhookOwed(String projectId, String taskId, String worker) {
        return webhookOwed(projectId, taskId, List.of(worker));
    }

    /** {@link #webhookOwed(String, String, String)} for a worker handling several messages of the task at once. */
    public boolean webhookOwed(String projectId, String taskId, Collection<String> workers) {
        var item = table.dynamo.getItem(b -> b.tableName(table.name).key(TaskTable.taskKeyMap(projectId, taskId))
                .consistentRead(true).projectionExpression("finisher, webhook_queued")).item();
        return item != null && item.containsKey("finisher") && workers.contains(item.get("finisher").s())
                && !item.containsKey("webhook_queued");
    }

    /** Records that the task's WebhookQueue message was sent; a task deleted meanwhile is not written again. */
    public void markWebhookQueued(String projectId, String taskId) {
        try {
            table.dynamo.updateItem(b -> b.tableName(table.name).key(TaskTable.taskKeyMap(projectId, taskId))
                    .updateExpression("SET webhook_queued = :true").conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true))));
        } catch (ConditionalCheckFailedException e) {
            // Gone: nothing to mark.
        }
    }
}
