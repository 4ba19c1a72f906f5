package dev.loupe.task;

import static dev.loupe.task.TaskTable.n;
import static dev.loupe.task.TaskTable.s;

import dev.loupe.imaging.tools.FileStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The processing phase's progress: a waiting task begins processing once, and each file's result is recorded and
 * counted on the task once ({@code files_done}).
 */
public final class TaskProgress {
    private final TaskTable table;
    private final OpenTasks openTasks;

    TaskProgress(TaskTable table, OpenTasks openTasks) {
        this.table = table;
        this.openTasks = openTasks;
    }

    /**
     * Moves a waiting task to TaskProcessing with the process request's parameters, exactly once: the condition on
     * TaskWaiting makes a second process request (or a retry) fail here rather than start the files twice. The task
     * stops counting as open in the same transaction (the task API: a task is open until it is processed).
     */
    public boolean beginProcessing(Task task, String paramsJson, int filesTotal, Instant now, Duration lifetime) {
        return beginProcessing(task, paramsJson, filesTotal, Optional.empty(), Optional.empty(), now, lifetime);
    }

    /** {@link #beginProcessing} that also stores the request's {@code custom_int} and {@code custom_string}. */
    public boolean beginProcessing(Task task, String paramsJson, int filesTotal, Optional<Long> customInt,
                                   Optional<String> customString, Instant now, Duration lifetime) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":processing", s(TaskStatus.PROCESSING.wire()),
                ":params", s(paramsJson), ":total", n(filesTotal), ":zero", n(0), ":now",
                n(now.toEpochMilli()), ":exp", n(TaskTable.expiry(now, lifetime)), ":false",
                AttributeValue.fromBool(false), ":waiting", s(TaskTable.WAITING), ":nows", n(now.getEpochSecond())));
        StringBuilder set = new StringBuilder("SET #status = :processing, params = :params, files_total = :total,"
                + " files_done = :zero, process_start = :now, updated = :now, expires_at = :exp, #open = :false");
        customInt.ifPresent(v -> {
            set.append(", custom_int = :ci");
            values.put(":ci", n(v));
        });
        customString.ifPresent(v -> {
            set.append(", custom_string = :cs");
            values.put(":cs", s(v));
        });
        Update begin = Update.builder().tableName(table.name).key(TaskTable.taskKeyMap(task.projectId(), task.taskId()))
                .updateExpression(set.toString())
                .conditionExpression("#status = :waiting AND expires_at > :nows")
                .expressionAttributeNames(Map.of("#status", "status", "#open", "open"))
                .expressionAttributeValues(values)
                .build();
        try {
            table.dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().update(begin).build(),
                    TransactWriteItem.builder().update(openTasks.closing(task.projectId(), task.taskId())).build()));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    /**
     * Records that process has sent the task's TaskFileQueue messages (or recorded UnknownError for those it could
     * not send): from now on the workers finish the task. Only a TaskProcessing task is marked; one that a worker
     * already finished, or a reader finished as unqueued ({@link UnqueuedFiles}), is left as it is.
     */
    public void markQueued(String projectId, String taskId) {
        try {
            table.dynamo.updateItem(b -> b.tableName(table.name).key(TaskTable.taskKeyMap(projectId, taskId))
                    .updateExpression("SET queued = :true").conditionExpression("#status = :processing")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true),
                            ":processing", s(TaskStatus.PROCESSING.wire()))));
        } catch (ConditionalCheckFailedException e) {
            // Finished (or deleted) already: nothing is owed any more.
        }
    }

    /**
     * Records one file's result and counts it on the task, together and once: only a FileWaiting file takes a
     * result, so a redelivered message changes nothing (false). Whether this was the last file is then decided by
     * {@link TaskCompletion#claim}, not by reading the counter, so that two workers can never both finish the task.
     */
    public boolean recordFileResult(String projectId, String taskId, String serverFilename, FileStatus status,
                                    Optional<String> message, Optional<Long> outputFilesize) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":status", s(status.wire()),
                ":waiting", s(FileStatus.FILE_WAITING.wire())));
        StringBuilder set = new StringBuilder("SET #status = :status");
        message.ifPresent(m -> {
            set.append(", status_message = :message");
            values.put(":message", s(m));
        });
        outputFilesize.ifPresent(size -> {
            set.append(", output_filesize = :out");
            values.put(":out", n(size));
        });
        Update file = Update.builder().tableName(table.name)
                .key(Map.of("pk", s(TaskKeys.taskPk(projectId, taskId)), "sk", s(TaskKeys.fileSk(serverFilename))))
                .updateExpression(set.toString()).conditionExpression("#status = :waiting")
                .expressionAttributeNames(Map.of("#status", "status")).expressionAttributeValues(values).build();
        Update count = Update.builder().tableName(table.name).key(TaskTable.taskKeyMap(projectId, taskId))
                .updateExpression("ADD files_done :one").conditionExpression("#status = :processing")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":one", n(1), ":processing", s(TaskStatus.PROCESSING.wire())))
                .build();
        try {
            table.dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().update(file).build(),
                    TransactWriteItem.builder().update(count).build()));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }
}
