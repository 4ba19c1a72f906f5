package dev.loupe.task;

import dev.loupe.imaging.tools.FileStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The tasks table (keys: {@link TaskKeys}). Items are mapped by the enhanced client's static schemas (no
 * reflection); the writes that must be atomic across items (a file and its task's counter, a task and its project's
 * open set) are transactions with conditions, so that races resolve in DynamoDB and never in a Lambda's memory.
 * Every write to a task moves its {@code expires_at} (TTL) to {@code now + lifetime}.
 */
public final class TaskStore {
    private static final String WAITING = TaskStatus.WAITING.wire();

    // ---------------------------------------------------------------- stored forms

    static final class TaskItem {
        String pk, sk, projectId, taskId, tool, status, server, listPk, listSk, keyCheck, customString, params;
        String downloadFilename, outputExtensionsJoined, timer, statusMessage, finisher;
        Long created, updated, expiresAt, fileCount, customInt, filesTotal, filesDone, filesize, outputFilesize;
        Long outputFilenumber, processStart;
        Boolean open;
    }

    static final class FileItem {
        String pk, sk, projectId, taskId, serverFilename, filename, status, statusMessage;
        Long size, uploaded, outputFilesize, expiresAt;
    }

    static final StaticTableSchema<TaskItem> TASK_SCHEMA;
    static final StaticTableSchema<FileItem> FILE_SCHEMA;

    static {
        var t = StaticTableSchema.builder(TaskItem.class).newItemSupplier(TaskItem::new);
        t.addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v)
                .tags(StaticAttributeTags.primaryPartitionKey()));
        t.addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
                .tags(StaticAttributeTags.primarySortKey()));
        t.addAttribute(String.class, a -> a.name("list_pk").getter(i -> i.listPk).setter((i, v) -> i.listPk = v)
                .tags(StaticAttributeTags.secondaryPartitionKey(TaskKeys.LIST_INDEX)));
        t.addAttribute(String.class, a -> a.name("list_sk").getter(i -> i.listSk).setter((i, v) -> i.listSk = v)
                .tags(StaticAttributeTags.secondarySortKey(TaskKeys.LIST_INDEX)));
        str(t, "project_id", i -> i.projectId, (i, v) -> i.projectId = v);
        str(t, "task_id", i -> i.taskId, (i, v) -> i.taskId = v);
        str(t, "tool", i -> i.tool, (i, v) -> i.tool = v);
        str(t, "status", i -> i.status, (i, v) -> i.status = v);
        str(t, "server", i -> i.server, (i, v) -> i.server = v);
        str(t, "key_check", i -> i.keyCheck, (i, v) -> i.keyCheck = v);
        str(t, "custom_string", i -> i.customString, (i, v) -> i.customString = v);
        str(t, "params", i -> i.params, (i, v) -> i.params = v);
        str(t, "download_filename", i -> i.downloadFilename, (i, v) -> i.downloadFilename = v);
        str(t, "output_extensions", i -> i.outputExtensionsJoined, (i, v) -> i.outputExtensionsJoined = v);
        str(t, "timer", i -> i.timer, (i, v) -> i.timer = v);
        str(t, "status_message", i -> i.statusMessage, (i, v) -> i.statusMessage = v);
        str(t, "finisher", i -> i.finisher, (i, v) -> i.finisher = v);
        num(t, "created", i -> i.created, (i, v) -> i.created = v);
        num(t, "updated", i -> i.updated, (i, v) -> i.updated = v);
        num(t, "expires_at", i -> i.expiresAt, (i, v) -> i.expiresAt = v);
        num(t, "file_count", i -> i.fileCount, (i, v) -> i.fileCount = v);
        num(t, "custom_int", i -> i.customInt, (i, v) -> i.customInt = v);
        num(t, "files_total", i -> i.filesTotal, (i, v) -> i.filesTotal = v);
        num(t, "files_done", i -> i.filesDone, (i, v) -> i.filesDone = v);
        num(t, "filesize", i -> i.filesize, (i, v) -> i.filesize = v);
        num(t, "output_filesize", i -> i.outputFilesize, (i, v) -> i.outputFilesize = v);
        num(t, "output_filenumber", i -> i.outputFilenumber, (i, v) -> i.outputFilenumber = v);
        num(t, "process_start", i -> i.processStart, (i, v) -> i.processStart = v);
        t.addAttribute(Boolean.class, a -> a.name("open").getter(i -> i.open).setter((i, v) -> i.open = v));
        TASK_SCHEMA = t.build();

        var f = StaticTableSchema.builder(FileItem.class).newItemSupplier(FileItem::new);
        f.addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v)
                .tags(StaticAttributeTags.primaryPartitionKey()));
        f.addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
                .tags(StaticAttributeTags.primarySortKey()));
        str(f, "project_id", i -> i.projectId, (i, v) -> i.projectId = v);
        str(f, "task_id", i -> i.taskId, (i, v) -> i.taskId = v);
        str(f, "server_filename", i -> i.serverFilename, (i, v) -> i.serverFilename = v);
        str(f, "filename", i -> i.filename, (i, v) -> i.filename = v);
        str(f, "status", i -> i.status, (i, v) -> i.status = v);
        str(f, "status_message", i -> i.statusMessage, (i, v) -> i.statusMessage = v);
        num(f, "size", i -> i.size, (i, v) -> i.size = v);
        num(f, "uploaded", i -> i.uploaded, (i, v) -> i.uploaded = v);
        num(f, "output_filesize", i -> i.outputFilesize, (i, v) -> i.outputFilesize = v);
        num(f, "expires_at", i -> i.expiresAt, (i, v) -> i.expiresAt = v);
        FILE_SCHEMA = f.build();
    }

    private static <T> void str(StaticTableSchema.Builder<T> b, String name, Function<T, String> get,
                                BiConsumer<T, String> set) {
        b.addAttribute(String.class, a -> a.name(name).getter(get).setter(set));
    }

    private static <T> void num(StaticTableSchema.Builder<T> b, String name, Function<T, Long> get,
                                BiConsumer<T, Long> set) {
        b.addAttribute(Long.class, a -> a.name(name).getter(get).setter(set));
    }

    // ---------------------------------------------------------------- the store

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final DynamoDbTable<TaskItem> tasks;
    private final DynamoDbTable<FileItem> files;

    public TaskStore(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo).build();
        this.tasks = enhanced.table(tableName, TASK_SCHEMA);
        this.files = enhanced.table(tableName, FILE_SCHEMA);
    }

    /** Stores a new task; its random id makes a collision practically impossible, the condition makes it certain. */
    public void create(Task task) {
        tasks.putItem(PutItemEnhancedRequest.builder(TaskItem.class).item(toItem(task))
                .conditionExpression(Expression.builder().expression("attribute_not_exists(pk)").build()).build());
    }

    /** The task as stored, expired or not (callers decide); empty when there is none in this project. */
    public Optional<Task> find(String projectId, String taskId) {
        TaskItem item = tasks.getItem(r -> r.key(taskKey(projectId, taskId)).consistentRead(true));
        return Optional.ofNullable(item).map(TaskStore::fromItem);
    }

    public Optional<TaskFile> file(String projectId, String taskId, String serverFilename) {
        FileItem item = files.getItem(r -> r.key(Key.builder().partitionValue(TaskKeys.taskPk(projectId, taskId))
                .sortValue(TaskKeys.fileSk(serverFilename)).build()).consistentRead(true));
        return Optional.ofNullable(item).map(TaskStore::fromItem);
    }

    /** A task's files in server_filename order. */
    public List<TaskFile> files(String projectId, String taskId) {
        List<TaskFile> result = new ArrayList<>();
        for (Map<String, AttributeValue> item : queryPk(TaskKeys.taskPk(projectId, taskId), TaskKeys.FILE_PREFIX)) {
            result.add(fromItem(FILE_SCHEMA.mapToItem(item)));
        }
        return result;
    }

    // ---------------------------------------------------------------- open tasks

    public enum OpenResult { OPENED, TASK_CHANGED, LIMIT_REACHED }

    /**
     * Counts the task as open (its first upload), in one transaction with the condition that the project has fewer
     * than {@code maxOpen} open tasks. Opening an open task again changes nothing.
     */
    public OpenResult open(Task task, int maxOpen, Instant now, Duration lifetime) {
        Update openTask = Update.builder().tableName(tableName).key(taskKeyMap(task.projectId(), task.taskId()))
                .updateExpression("SET #open = :true, updated = :now, expires_at = :exp")
                .conditionExpression("#status = :waiting AND expires_at > :nows")
                .expressionAttributeNames(Map.of("#open", "open", "#status", "status"))
                .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true),
                        ":now", n(now.toEpochMilli()), ":exp", n(expiry(now, lifetime)),
                        ":waiting", s(WAITING), ":nows", n(now.getEpochSecond())))
                .build();
        Update count = Update.builder().tableName(tableName).key(openKey(task.projectId()))
                .updateExpression("ADD open_tasks :id")
                .conditionExpression("attribute_not_exists(open_tasks) OR size(open_tasks) < :max"
                        + " OR contains(open_tasks, :task)")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(task.taskId())),
                        ":max", n(maxOpen), ":task", s(task.taskId())))
                .build();
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().update(openTask).build(),
                        TransactWriteItem.builder().update(count).build()));
                return OpenResult.OPENED;
            } catch (TransactionCanceledException e) {
                if (failed(e, 0)) {
                    return OpenResult.TASK_CHANGED;
                }
                if (failed(e, 1)) {
                    return OpenResult.LIMIT_REACHED;
                }
                // Another transaction on the project's open set at the same moment: try again, briefly.
                if (attempt == 5) {
                    throw e;
                }
                sleepQuietly(attempt * 20L);
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The ids the project's open set holds. */
    public List<String> openTaskIds(String projectId) {
        var item = dynamo.getItem(b -> b.tableName(tableName).key(openKey(projectId)).consistentRead(true)).item();
        AttributeValue ids = item == null ? null : item.get("open_tasks");
        return ids == null ? List.of() : ids.ss();
    }

    /** Takes a task out of its project's open set; idempotent. */
    public void close(String projectId, String taskId) {
        Update close = closing(projectId, taskId);
        dynamo.updateItem(b -> b.tableName(tableName).key(close.key()).updateExpression(close.updateExpression())
                .expressionAttributeValues(close.expressionAttributeValues()));
    }

    /**
     * Takes out of the open set the tasks that are no longer open: gone, expired (DynamoDB's TTL deletes late, on AWS
     * up to days), or no longer waiting. Called when the limit is reached, before refusing.
     */
    public int sweepOpen(String projectId, Instant now) {
        int removed = 0;
        for (String taskId : openTaskIds(projectId)) {
            Optional<Task> task = find(projectId, taskId);
            if (task.isEmpty() || task.get().expired(now) || task.get().status() != TaskStatus.WAITING) {
                close(projectId, taskId);
                removed++;
            }
        }
        return removed;
    }

    private Update closing(String projectId, String taskId) {
        return Update.builder().tableName(tableName).key(openKey(projectId))
                .updateExpression("DELETE open_tasks :id")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(taskId)))).build();
    }

    // ---------------------------------------------------------------- files

    public enum AddResult { ADDED, TASK_CHANGED, TOO_MANY_FILES }

    /**
     * Records an uploaded file and counts it on its task, together: the task must still be waiting, unexpired, and
     * hold fewer than {@code maxFiles} files.
     */
    public AddResult addFile(TaskFile file, int maxFiles, Instant now, Duration lifetime) {
        FileItem item = toItem(file);
        item.expiresAt = fileBackstop(now, lifetime);
        Put put = Put.builder().tableName(tableName).item(FILE_SCHEMA.itemToMap(item, true))
                .conditionExpression("attribute_not_exists(pk)").build();
        Update count = Update.builder().tableName(tableName).key(taskKeyMap(file.projectId(), file.taskId()))
                .updateExpression("ADD file_count :one SET updated = :now, expires_at = :exp")
                .conditionExpression("#status = :waiting AND expires_at > :nows AND file_count < :max")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":one", n(1), ":now", n(now.toEpochMilli()),
                        ":exp", n(expiry(now, lifetime)), ":waiting", s(WAITING), ":nows", n(now.getEpochSecond()),
                        ":max", n(maxFiles)))
                .returnValuesOnConditionCheckFailure("ALL_OLD").build();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().put(put).build(),
                    TransactWriteItem.builder().update(count).build()));
            return AddResult.ADDED;
        } catch (TransactionCanceledException e) {
            CancellationReason reason = e.cancellationReasons().size() > 1 ? e.cancellationReasons().get(1) : null;
            if (reason != null && "ConditionalCheckFailed".equals(reason.code()) && reason.item() != null
                    && !reason.item().isEmpty()) {
                Task task = fromItem(TASK_SCHEMA.mapToItem(reason.item()));
                if (task.status() == TaskStatus.WAITING && !task.expired(now) && task.fileCount() >= maxFiles) {
                    return AddResult.TOO_MANY_FILES;
                }
            }
            return AddResult.TASK_CHANGED;
        }
    }

    /** Removes a file from a waiting task and uncounts it; false when there was no such file (or the task moved on). */
    public boolean removeFile(String projectId, String taskId, String serverFilename, Instant now, Duration lifetime) {
        Map<String, AttributeValue> pk = Map.of("pk", s(TaskKeys.taskPk(projectId, taskId)),
                "sk", s(TaskKeys.fileSk(serverFilename)));
        Delete delete = Delete.builder().tableName(tableName).key(pk).conditionExpression("attribute_exists(pk)")
                .build();
        Update count = Update.builder().tableName(tableName).key(taskKeyMap(projectId, taskId))
                .updateExpression("ADD file_count :minus SET updated = :now, expires_at = :exp")
                .conditionExpression("#status = :waiting AND expires_at > :nows")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":minus", n(-1), ":now", n(now.toEpochMilli()),
                        ":exp", n(expiry(now, lifetime)), ":waiting", s(WAITING), ":nows", n(now.getEpochSecond())))
                .build();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().delete(delete).build(),
                    TransactWriteItem.builder().update(count).build()));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- chunked uploads

    /** A chunked upload in progress: the chunks received so far are 0 .. next-1, of these sizes. */
    public record ChunkProgress(String serverFilename, String filename, int chunks, int next, List<Long> sizes) {
        public long received() {
            return sizes.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Begins (or begins again) the chunked upload of one file name. */
    public void startChunks(String projectId, String taskId, String nameHash, ChunkProgress progress, Instant now,
                            Duration lifetime) {
        Map<String, AttributeValue> item = new HashMap<>(uploadKey(projectId, taskId, nameHash));
        item.put("server_filename", s(progress.serverFilename()));
        item.put("filename", s(progress.filename()));
        item.put("chunks", n(progress.chunks()));
        item.put("next_chunk", n(progress.next()));
        item.put("sizes", AttributeValue.fromL(progress.sizes().stream().map(TaskStore::n).toList()));
        item.put("expires_at", n(fileBackstop(now, lifetime)));
        dynamo.putItem(b -> b.tableName(tableName).item(item));
    }

    public Optional<ChunkProgress> chunks(String projectId, String taskId, String nameHash) {
        var item = dynamo.getItem(b -> b.tableName(tableName).key(uploadKey(projectId, taskId, nameHash))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ChunkProgress(item.get("server_filename").s(), item.get("filename").s(),
                Integer.parseInt(item.get("chunks").n()), Integer.parseInt(item.get("next_chunk").n()),
                item.get("sizes").l().stream().map(v -> Long.parseLong(v.n())).toList()));
    }

    /** Records chunk {@code chunk} as received, if it is the one expected; false when another request was first. */
    public boolean advanceChunks(String projectId, String taskId, String nameHash, String serverFilename, int chunk,
                                 long size) {
        try {
            dynamo.updateItem(b -> b.tableName(tableName).key(uploadKey(projectId, taskId, nameHash))
                    .updateExpression("SET next_chunk = :after, sizes = list_append(sizes, :size)")
                    .conditionExpression("next_chunk = :chunk AND server_filename = :name")
                    .expressionAttributeValues(Map.of(":after", n(chunk + 1), ":chunk", n(chunk),
                            ":name", s(serverFilename), ":size", AttributeValue.fromL(List.of(n(size))))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public void finishChunks(String projectId, String taskId, String nameHash) {
        dynamo.deleteItem(b -> b.tableName(tableName).key(uploadKey(projectId, taskId, nameHash)));
    }

    // ---------------------------------------------------------------- deletion and clean-up

    /** Deletes the task item and takes it out of the open set, together; false when it was already gone. */
    public boolean delete(Task task) {
        Delete delete = Delete.builder().tableName(tableName).key(taskKeyMap(task.projectId(), task.taskId()))
                .conditionExpression("attribute_exists(pk)").build();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().delete(delete).build(),
                    TransactWriteItem.builder().update(closing(task.projectId(), task.taskId())).build()));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    /** Deletes every item left under a task's key (its files, unfinished chunked uploads); idempotent. */
    public int deleteItemsOf(String projectId, String taskId) {
        int deleted = 0;
        for (Map<String, AttributeValue> item : queryPk(TaskKeys.taskPk(projectId, taskId), null)) {
            if (item.get("sk").s().equals(TaskKeys.TASK_SK)) {
                continue; // never the task itself: only TTL or delete() remove it, which is what starts a clean-up
            }
            dynamo.deleteItem(b -> b.tableName(tableName).key(Map.of("pk", item.get("pk"), "sk", item.get("sk"))));
            deleted++;
        }
        return deleted;
    }

    // ---------------------------------------------------------------- listing

    /** Filters of {@code GET /v1/task}; empty ones match everything. */
    public record Filter(Optional<TaskTool> tool, Optional<TaskStatus> status, Optional<Long> customInt) {
    }

    /**
     * A page (1-based) of the project's unexpired tasks, newest first, through the {@code by-project} index. The
     * task API pages by number: earlier pages are read and skipped; tasks live two hours, so that stays small.
     */
    public List<Task> list(String projectId, Filter filter, int page, int pageSize, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        values.put(":p", s(TaskKeys.listPk(projectId)));
        values.put(":nows", n(now.getEpochSecond()));
        StringBuilder condition = new StringBuilder("expires_at > :nows");
        filter.tool().ifPresent(tool -> {
            condition.append(" AND tool = :tool");
            values.put(":tool", s(tool.wire()));
        });
        filter.status().ifPresent(status -> {
            condition.append(" AND #status = :status");
            names.put("#status", "status");
            values.put(":status", s(status.wire()));
        });
        filter.customInt().ifPresent(value -> {
            condition.append(" AND custom_int = :ci");
            values.put(":ci", n(value));
        });
        long skip = (long) (page - 1) * pageSize;
        List<Task> result = new ArrayList<>();
        Map<String, AttributeValue> from = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(tableName).indexName(TaskKeys.LIST_INDEX)
                    .keyConditionExpression("list_pk = :p").filterExpression(condition.toString())
                    .expressionAttributeValues(values).scanIndexForward(false).limit(200);
            if (!names.isEmpty()) {
                query.expressionAttributeNames(names);
            }
            if (from != null) {
                query.exclusiveStartKey(from);
            }
            QueryResponse response = dynamo.query(query.build());
            for (Map<String, AttributeValue> item : response.items()) {
                if (skip > 0) {
                    skip--;
                } else if (result.size() < pageSize) {
                    result.add(fromItem(TASK_SCHEMA.mapToItem(item)));
                }
            }
            from = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (from != null && result.size() < pageSize);
        return result;
    }

    // ---------------------------------------------------------------- processing (the next phase's writes)

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
                n(now.toEpochMilli()), ":exp", n(expiry(now, lifetime)), ":false",
                AttributeValue.fromBool(false), ":waiting", s(WAITING), ":nows", n(now.getEpochSecond())));
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
        Update begin = Update.builder().tableName(tableName).key(taskKeyMap(task.projectId(), task.taskId()))
                .updateExpression(set.toString())
                .conditionExpression("#status = :waiting AND expires_at > :nows")
                .expressionAttributeNames(Map.of("#status", "status", "#open", "open"))
                .expressionAttributeValues(values)
                .build();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().update(begin).build(),
                    TransactWriteItem.builder().update(closing(task.projectId(), task.taskId())).build()));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    /**
     * Records one file's result and counts it on the task, together and once: only a FileWaiting file takes a
     * result, so a redelivered message changes nothing (false). Whether this was the last file is then decided by
     * {@link #claimCompletion}, not by reading the counter, so that two workers can never both finish the task.
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
        Update file = Update.builder().tableName(tableName)
                .key(Map.of("pk", s(TaskKeys.taskPk(projectId, taskId)), "sk", s(TaskKeys.fileSk(serverFilename))))
                .updateExpression(set.toString()).conditionExpression("#status = :waiting")
                .expressionAttributeNames(Map.of("#status", "status")).expressionAttributeValues(values).build();
        Update count = Update.builder().tableName(tableName).key(taskKeyMap(projectId, taskId))
                .updateExpression("ADD files_done :one").conditionExpression("#status = :processing")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":one", n(1), ":processing", s(TaskStatus.PROCESSING.wire())))
                .build();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().update(file).build(),
                    TransactWriteItem.builder().update(count).build()));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    /**
     * Claims the right to build the task's output: succeeds for exactly one caller, and only once every file has a
     * result ({@code files_done = files_total}). A worker that finds its file already recorded (a redelivery after
     * a crash) calls this too, so a task whose last worker died still completes.
     */
    public boolean claimCompletion(String projectId, String taskId, String worker) {
        try {
            // The same worker may claim again: a redelivery of the message whose worker died after claiming (same
            // message id) takes over, so that the task is not left TaskProcessing forever. Finishing is idempotent.
            dynamo.updateItem(b -> b.tableName(tableName).key(taskKeyMap(projectId, taskId))
                    .updateExpression("SET finisher = :worker")
                    .conditionExpression("#status = :processing AND files_done = files_total"
                            + " AND (attribute_not_exists(finisher) OR finisher = :worker)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":worker", s(worker),
                            ":processing", s(TaskStatus.PROCESSING.wire()))));
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
        values.put(":exp", n(expiry(now, lifetime)));
        values.put(":fs", n(output.filesize()));
        values.put(":ofs", n(output.outputFilesize()));
        values.put(":ofn", n(output.outputFilenumber()));
        values.put(":ext", s(String.join(",", output.outputExtensions())));
        values.put(":timer", s(output.timer()));
        values.put(":dl", s(output.downloadFilename()));
        values.put(":msg", s(output.statusMessage() == null ? "" : output.statusMessage()));
        try {
            dynamo.updateItem(b -> b.tableName(tableName).key(taskKeyMap(projectId, taskId))
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
        var item = dynamo.getItem(b -> b.tableName(tableName).key(taskKeyMap(projectId, taskId)).consistentRead(true)
                .projectionExpression("finisher, webhook_queued")).item();
        return item != null && item.containsKey("finisher") && worker.equals(item.get("finisher").s())
                && !item.containsKey("webhook_queued");
    }

    /** Records that the task's WebhookQueue message was sent; a task deleted meanwhile is not written again. */
    public void markWebhookQueued(String projectId, String taskId) {
        try {
            dynamo.updateItem(b -> b.tableName(tableName).key(taskKeyMap(projectId, taskId))
                    .updateExpression("SET webhook_queued = :true").conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true))));
        } catch (ConditionalCheckFailedException e) {
            // Gone: nothing to mark.
        }
    }

    // ---------------------------------------------------------------- mapping

    static TaskItem toItem(Task task) {
        TaskItem i = new TaskItem();
        i.pk = TaskKeys.taskPk(task.projectId(), task.taskId());
        i.sk = TaskKeys.TASK_SK;
        i.listPk = TaskKeys.listPk(task.projectId());
        i.listSk = TaskKeys.listSk(task.created().toEpochMilli(), task.taskId());
        i.projectId = task.projectId();
        i.taskId = task.taskId();
        i.tool = task.tool().wire();
        i.status = task.status().wire();
        i.server = task.server();
        i.created = task.created().toEpochMilli();
        i.updated = task.updated().toEpochMilli();
        i.expiresAt = task.expiresAt().getEpochSecond();
        i.keyCheck = task.keyCheck().orElse(null);
        i.open = task.open();
        i.fileCount = (long) task.fileCount();
        i.customInt = task.customInt().orElse(null);
        i.customString = task.customString().orElse(null);
        i.params = task.params().orElse(null);
        i.filesTotal = (long) task.filesTotal();
        i.filesDone = (long) task.filesDone();
        task.output().ifPresent(o -> {
            i.downloadFilename = o.downloadFilename();
            i.filesize = o.filesize();
            i.outputFilesize = o.outputFilesize();
            i.outputFilenumber = (long) o.outputFilenumber();
            i.outputExtensionsJoined = String.join(",", o.outputExtensions());
            i.timer = o.timer();
            i.processStart = o.processStart() == null ? null : o.processStart().toEpochMilli();
            i.statusMessage = o.statusMessage();
        });
        return i;
    }

    static Task fromItem(TaskItem i) {
        Optional<Task.Output> output = i.downloadFilename == null ? Optional.empty()
                : Optional.of(new Task.Output(i.downloadFilename, orZero(i.filesize), orZero(i.outputFilesize),
                (int) orZero(i.outputFilenumber), i.outputExtensionsJoined == null || i.outputExtensionsJoined.isEmpty()
                ? List.of() : List.of(i.outputExtensionsJoined.split(",")), i.timer,
                i.processStart == null ? null : Instant.ofEpochMilli(i.processStart), i.statusMessage));
        return new Task(i.projectId, i.taskId, TaskTool.fromWire(i.tool).orElseThrow(),
                TaskStatus.fromWire(i.status).orElseThrow(), i.server, Instant.ofEpochMilli(i.created),
                Instant.ofEpochMilli(i.updated), Instant.ofEpochSecond(i.expiresAt), Optional.ofNullable(i.keyCheck),
                Boolean.TRUE.equals(i.open), (int) orZero(i.fileCount), Optional.ofNullable(i.customInt),
                Optional.ofNullable(i.customString), Optional.ofNullable(i.params), (int) orZero(i.filesTotal),
                (int) orZero(i.filesDone), output);
    }

    static FileItem toItem(TaskFile file) {
        FileItem i = new FileItem();
        i.pk = TaskKeys.taskPk(file.projectId(), file.taskId());
        i.sk = TaskKeys.fileSk(file.serverFilename());
        i.projectId = file.projectId();
        i.taskId = file.taskId();
        i.serverFilename = file.serverFilename();
        i.filename = file.filename();
        i.size = file.size();
        i.status = file.status().wire();
        i.uploaded = file.uploaded().toEpochMilli();
        i.statusMessage = file.statusMessage().orElse(null);
        i.outputFilesize = file.outputFilesize().orElse(null);
        return i;
    }

    static TaskFile fromItem(FileItem i) {
        return new TaskFile(i.projectId, i.taskId, i.serverFilename, i.filename, orZero(i.size),
                FileStatus.fromWire(i.status).orElse(FileStatus.UNKNOWN_ERROR), Instant.ofEpochMilli(i.uploaded),
                Optional.ofNullable(i.statusMessage), Optional.ofNullable(i.outputFilesize));
    }

    private List<Map<String, AttributeValue>> queryPk(String pk, String skPrefix) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> from = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(tableName).consistentRead(true);
            if (skPrefix == null) {
                query.keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s(pk)));
            } else {
                query.keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                        .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(skPrefix)));
            }
            if (from != null) {
                query.exclusiveStartKey(from);
            }
            QueryResponse response = dynamo.query(query.build());
            items.addAll(response.items());
            from = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (from != null);
        return items;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    static long expiry(Instant now, Duration lifetime) {
        return now.plus(lifetime).getEpochSecond();
    }

    /** Files and chunk records outlive their task by a day: the clean-up removes them, TTL is only the backstop. */
    private static long fileBackstop(Instant now, Duration lifetime) {
        return now.plus(lifetime).plus(Duration.ofDays(1)).getEpochSecond();
    }

    private static boolean failed(TransactionCanceledException e, int index) {
        return e.cancellationReasons().size() > index
                && "ConditionalCheckFailed".equals(e.cancellationReasons().get(index).code());
    }

    private static Key taskKey(String projectId, String taskId) {
        return Key.builder().partitionValue(TaskKeys.taskPk(projectId, taskId)).sortValue(TaskKeys.TASK_SK).build();
    }

    private static Map<String, AttributeValue> taskKeyMap(String projectId, String taskId) {
        return Map.of("pk", s(TaskKeys.taskPk(projectId, taskId)), "sk", s(TaskKeys.TASK_SK));
    }

    private static Map<String, AttributeValue> openKey(String projectId) {
        return Map.of("pk", s(TaskKeys.openPk(projectId)), "sk", s(TaskKeys.OPEN_SK));
    }

    private static Map<String, AttributeValue> uploadKey(String projectId, String taskId, String nameHash) {
        return Map.of("pk", s(TaskKeys.taskPk(projectId, taskId)), "sk", s(TaskKeys.uploadSk(nameHash)));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
