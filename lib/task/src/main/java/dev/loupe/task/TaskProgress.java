package dev.loupe.task;

import static dev.loupe.task.TaskTable.n;
import static dev.loupe.task.TaskTable.s;

import dev.loupe.core.dynamo.Transactions;
import dev.loupe.imaging.tools.FileStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The processing phase's progress: a waiting task begins processing once, and each file's result is recorded and
 * counted on the task once ({@code files_done}).
 */
public final class TaskProgress {
    private final TaskTable table;
    private final OpenTasks openTasks;
    private final MonthlyFiles months;

    TaskProgress(TaskTable table, OpenTasks openTasks, MonthlyFiles months) {
        this.table = table;
        this.openTasks = openTasks;
        this.months = months;
    }

    /** How {@link #beginProcessing} ended. */
    public enum Begin {
        /** The task is TaskProcessing now, and its files were counted in the month. */
        BEGUN,
        /** The task was no longer waiting (another process call won the race, or it expired): nothing changed. */
        TASK_CHANGED,
        /** The task's files do not fit in what is left of the project's monthly allowance: nothing changed. */
        ALLOWANCE_EXHAUSTED
    }

    /**
     * Moves a waiting task to TaskProcessing with the process request's parameters, exactly once, and counts its
     * {@code filesTotal} files in the project's month within {@code monthlyFiles}, in one transaction: the condition
     * on TaskWaiting makes a second process request (or a retry) fail here rather than start the files twice, and
     * the month's condition lets only the processes whose files fit begin. The task stops counting as open in the
     * same transaction (the task API: a task is open until it is processed). Nothing is counted unless the task
     * begins, and the task never begins uncounted.
     */
    public Begin beginProcessing(Task task, String paramsJson, int filesTotal, Optional<Long> customInt,
                                 Optional<String> customString, Instant now, Duration lifetime, int monthlyFiles) {
        if (filesTotal > monthlyFiles) {
            return Begin.ALLOWANCE_EXHAUSTED;
        }
        Update month = months.taking(task.projectId(), FileMonth.of(now), filesTotal, monthlyFiles);
        List<String> failed = Transactions.write(table.dynamo, List.of(
                TransactWriteItem.builder().update(begin(task, paramsJson, filesTotal, customInt, customString, now,
                        lifetime)).build(),
                TransactWriteItem.builder().update(openTasks.closing(task.projectId(), task.taskId())).build(),
                TransactWriteItem.builder().update(month).build()));
        if (failed.isEmpty()) {
            return Begin.BEGUN;
        }
        return Transactions.CONDITION_FAILED.equals(failed.get(0)) ? Begin.TASK_CHANGED : Begin.ALLOWANCE_EXHAUSTED;
    }

    /**
     * {@link #beginProcessing} without counting the files in any month: for the tests that drive the workers
     * without {@code POST /v1/process}, which is the one caller that counts.
     */
    public boolean beginProcessing(Task task, String paramsJson, int filesTotal, Instant now, Duration lifetime) {
        return Transactions.write(table.dynamo, List.of(
                TransactWriteItem.builder().update(begin(task, paramsJson, filesTotal, Optional.empty(),
                        Optional.empty(), now, lifetime)).build(),
                TransactWriteItem.builder().update(openTasks.closing(task.projectId(), task.taskId())).build()))
                .isEmpty();
    }

    private Update begin(Task task, String paramsJson, int filesTotal, Optional<Long> customInt,
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
        return Update.builder().tableName(table.name).key(TaskTable.taskKeyMap(task.projectId(), task.taskId()))
                .updateExpression(set.toString())
                .conditionExpression("#status = :waiting AND expires_at > :nows")
                .expressionAttributeNames(Map.of("#status", "status", "#open", "open"))
                .expressionAttributeValues(values)
                .build();
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

    /** One file's result, as {@link #recordFileResults} records it. */
    public record FileResult(String serverFilename, FileStatus status, Optional<String> message,
                             Optional<Long> outputFilesize) {
    }

    /**
     * Records one file's result and counts it on the task, together and once: only a FileWaiting file takes a
     * result, so a redelivered message changes nothing (false). Whether this was the last file is then decided by
     * {@link TaskCompletion#claim}, not by reading the counter, so that two workers can never both finish the task.
     * A conflict with another worker's transaction on the task's counter is retried ({@link Transactions#write}),
     * never taken for a result already recorded.
     */
    public boolean recordFileResult(String projectId, String taskId, String serverFilename, FileStatus status,
                                    Optional<String> message, Optional<Long> outputFilesize) {
        return recordFileResults(projectId, taskId,
                List.of(new FileResult(serverFilename, status, message, outputFilesize))) == 1;
    }

    /**
     * Records several files' results of one task and counts them, in one transaction (of at most 99 files and the
     * counter): a batch's files at the cost of one write. When a file of it already has a result (a redelivery, or
     * a message sent twice) the transaction changes nothing and its files are recorded one at a time, each once.
     * A file named twice is recorded once. Answers how many results were recorded.
     */
    public int recordFileResults(String projectId, String taskId, List<FileResult> results) {
        Map<String, FileResult> distinct = new LinkedHashMap<>();
        results.forEach(r -> distinct.putIfAbsent(r.serverFilename(), r));
        List<FileResult> files = new ArrayList<>(distinct.values());
        int recorded = 0;
        for (int from = 0; from < files.size(); from += 99) {
            List<FileResult> chunk = files.subList(from, Math.min(files.size(), from + 99));
            List<TransactWriteItem> writes = new ArrayList<>();
            chunk.forEach(r -> writes.add(TransactWriteItem.builder().update(fileResult(projectId, taskId, r))
                    .build()));
            writes.add(TransactWriteItem.builder().update(count(projectId, taskId, chunk.size())).build());
            List<String> failed = Transactions.write(table.dynamo, writes);
            if (failed.isEmpty()) {
                recorded += chunk.size();
            } else if (chunk.size() > 1 && !Transactions.CONDITION_FAILED.equals(failed.getLast())) {
                // Some file already had its result: the others are recorded one by one.
                for (FileResult r : chunk) {
                    recorded += recordFileResults(projectId, taskId, List.of(r));
                }
            }
            // else: the task is no longer TaskProcessing, or the one file already had its result.
        }
        return recorded;
    }

    private Update fileResult(String projectId, String taskId, FileResult result) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":status", s(result.status().wire()),
                ":waiting", s(FileStatus.FILE_WAITING.wire())));
        StringBuilder set = new StringBuilder("SET #status = :status");
        result.message().ifPresent(m -> {
            set.append(", status_message = :message");
            values.put(":message", s(m));
        });
        result.outputFilesize().ifPresent(size -> {
            set.append(", output_filesize = :out");
            values.put(":out", n(size));
        });
        return Update.builder().tableName(table.name)
                .key(Map.of("pk", s(TaskKeys.taskPk(projectId, taskId)), "sk",
                        s(TaskKeys.fileSk(result.serverFilename()))))
                .updateExpression(set.toString()).conditionExpression("#status = :waiting")
                .expressionAttributeNames(Map.of("#status", "status")).expressionAttributeValues(values).build();
    }

    private Update count(String projectId, String taskId, int files) {
        return Update.builder().tableName(table.name).key(TaskTable.taskKeyMap(projectId, taskId))
                .updateExpression("ADD files_done :n").conditionExpression("#status = :processing")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":n", n(files), ":processing", s(TaskStatus.PROCESSING.wire())))
                .build();
    }
}
