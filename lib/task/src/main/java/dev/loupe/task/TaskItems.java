package dev.loupe.task;

import dev.loupe.imaging.tools.FileStatus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * How a task, a task's file and a chunked upload are stored: the enhanced client's static schemas (no reflection) and
 * the mapping between them and the records. The attribute names here are the stored items' names.
 */
final class TaskItems {
    private TaskItems() {
    }

    static final class TaskItem {
        String pk, sk, projectId, taskId, tool, status, server, listPk, listSk, keyCheck, customString, params;
        String downloadFilename, outputExtensionsJoined, timer, statusMessage, finisher;
        Long created, updated, expiresAt, fileCount, customInt, filesTotal, filesDone, filesize, outputFilesize;
        Long outputFilenumber, processStart;
        Boolean open, queued;
    }

    static final class FileItem {
        String pk, sk, projectId, taskId, serverFilename, filename, status, statusMessage;
        Long size, uploaded, outputFilesize, expiresAt;
    }

    /** A chunked upload in progress ({@code U#<name hash>}). */
    static final class UploadItem {
        String pk, sk, serverFilename, filename;
        Integer chunks, nextChunk;
        List<Long> sizes;
        Long expiresAt;
    }

    static final StaticTableSchema<TaskItem> TASK_SCHEMA;
    static final StaticTableSchema<FileItem> FILE_SCHEMA;
    static final StaticTableSchema<UploadItem> UPLOAD_SCHEMA;

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
        t.addAttribute(Boolean.class, a -> a.name("queued").getter(i -> i.queued).setter((i, v) -> i.queued = v));
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

        var u = StaticTableSchema.builder(UploadItem.class).newItemSupplier(UploadItem::new);
        u.addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v)
                .tags(StaticAttributeTags.primaryPartitionKey()));
        u.addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
                .tags(StaticAttributeTags.primarySortKey()));
        str(u, "server_filename", i -> i.serverFilename, (i, v) -> i.serverFilename = v);
        str(u, "filename", i -> i.filename, (i, v) -> i.filename = v);
        u.addAttribute(Integer.class, a -> a.name("chunks").getter(i -> i.chunks).setter((i, v) -> i.chunks = v));
        u.addAttribute(Integer.class, a -> a.name("next_chunk").getter(i -> i.nextChunk)
                .setter((i, v) -> i.nextChunk = v));
        u.addAttribute(EnhancedType.listOf(Long.class), a -> a.name("sizes").getter(i -> i.sizes)
                .setter((i, v) -> i.sizes = v));
        num(u, "expires_at", i -> i.expiresAt, (i, v) -> i.expiresAt = v);
        UPLOAD_SCHEMA = u.build();
    }

    private static <T> void str(StaticTableSchema.Builder<T> b, String name, Function<T, String> get,
                                BiConsumer<T, String> set) {
        b.addAttribute(String.class, a -> a.name(name).getter(get).setter(set));
    }

    private static <T> void num(StaticTableSchema.Builder<T> b, String name, Function<T, Long> get,
                                BiConsumer<T, Long> set) {
        b.addAttribute(Long.class, a -> a.name(name).getter(get).setter(set));
    }

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
        i.queued = task.queued() ? Boolean.TRUE : null;
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
                (int) orZero(i.filesDone), output, Boolean.TRUE.equals(i.queued));
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

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    static UploadItem toItem(String projectId, String taskId, String nameHash, ChunkedUploads.ChunkProgress progress) {
        UploadItem i = new UploadItem();
        i.pk = TaskKeys.taskPk(projectId, taskId);
        i.sk = TaskKeys.uploadSk(nameHash);
        i.serverFilename = progress.serverFilename();
        i.filename = progress.filename();
        i.chunks = progress.chunks();
        i.nextChunk = progress.next();
        i.sizes = List.copyOf(progress.sizes());
        return i;
    }

    static ChunkedUploads.ChunkProgress fromItem(UploadItem i) {
        return new ChunkedUploads.ChunkProgress(i.serverFilename, i.filename, i.chunks, i.nextChunk,
                i.sizes == null ? List.of() : List.copyOf(i.sizes));
    }
}
