package dev.loupe.task;

import dev.loupe.imaging.tools.FileStatus;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.loupe.core.Ids;
import dev.loupe.auth.Caller;
import dev.loupe.fetch.FetchedFile;
import dev.loupe.core.http.ApiError;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The iLoveIMG-style task API before processing: start a task, upload files to it (whole, in chunks, or from a
 * URL), remove them, look at it, list a project's tasks, delete one, continue from one (the connected task). Knows
 * nothing of Lambda: handlers parse and render, this decides.
 *
 * <p>A task is found only in its caller's project, only while unexpired: anything else is TaskNotFound, so another
 * project's ids look exactly like ids that never existed.
 */
public final class TaskService {
    /** Tasks per page of {@code GET /v1/task} (the task API's 50). */
    public static final int PAGE_SIZE = 50;
    private static final int MAX_CHUNKS = 10_000;

    /** Fetches a {@code cloud_file} URL (the SSRF-safe fetcher in production). */
    public interface CloudFetcher {
        FetchedFile fetch(URI url);
    }

    /** Where an upload's bytes come from. */
    public sealed interface Source {
    }

    /** A whole file in the request (multipart part {@code file}). */
    public record WholeFile(String filename, byte[] bytes) implements Source {
    }

    /** Chunk {@code chunk} (0-based) of {@code chunks} of the file named {@code filename}. */
    public record Chunk(String filename, byte[] bytes, int chunk, int chunks) implements Source {
    }

    /** A public URL the server fetches. */
    public record CloudFile(String url) implements Source {
    }

    public record Started(String task, String server, int remainingFiles) {
    }

    public record Details(Task task, List<TaskFile> files, String answerStatus) {
        public TaskView view() {
            return TaskView.of(task, files, answerStatus);
        }
    }

    /**
     * {@code GET /v1/info}: the per-task limit ({@code remaining_files}), the open tasks and their limit, and the
     * project's monthly file allowance in the current UTC month.
     */
    public record Info(int remainingFiles, int openTasks, int maxOpenTasks, long maxFilesize, long taskLifetime,
                       int monthlyFiles, int monthlyFilesUsed, int monthlyFilesRemaining, Instant monthResetsAt) {
    }

    private final TaskStore store;
    private final TaskObjects objects;
    private final Supplier<CloudFetcher> fetcher;
    private final TaskSettings settings;
    private final Clock clock;
    private final TaskCleanup cleanup;
    private final UnqueuedFiles unqueued;

    public TaskService(TaskStore store, TaskObjects objects, Supplier<CloudFetcher> fetcher, TaskSettings settings,
                       Clock clock) {
        this.store = store;
        this.objects = objects;
        this.fetcher = fetcher;
        this.settings = settings;
        this.clock = clock;
        this.cleanup = new TaskCleanup(store, objects);
        this.unqueued = new UnqueuedFiles(store, settings, clock);
    }

    public TaskSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- start

    /** A new task for {@code tool}; {@code server} is the host (and port) the client called, which it calls next. */
    public Started start(Caller caller, String tool, String server) {
        TaskTool known = TaskTool.fromWire(tool).orElseThrow(() -> TaskErrors.processing(400, "unknown_tool",
                "Unknown tool '" + tool + "'. Accepted values: " + TaskTool.accepted() + ".", "tool"));
        FileMonth month = FileMonth.of(clock.instant());
        int allowance = settings.monthlyFiles(caller.project());
        if (monthlyFilesLeft(caller, month) == 0) {
            throw TaskErrors.monthlyFilesUsedUp("UploadError", "The project's monthly allowance of " + allowance
                    + " files is used up in " + month.key() + " (UTC): a new task could not be processed this month.",
                    month, "task");
        }
        String taskId = Ids.newId();
        Optional<String> keyCheck = caller.fileEncryptionKey().map(key -> {
            FileKey.of(key); // validates its length
            return FileKey.check(taskId, key);
        });
        Instant now = clock.instant();
        store.tasks().create(new Task(caller.projectId(), taskId, known, TaskStatus.WAITING, server, now, now,
                now.plus(settings.lifetime()), keyCheck, false, 0, Optional.empty(), Optional.empty(),
                Optional.empty(), 0, 0, Optional.empty(), false));
        return new Started(taskId, server, settings.maxFilesPerTask());
    }

    // ---------------------------------------------------------------- connected task

    /**
     * The connected task's answer: the new task, and its files (server_filename to filename, in the order of the
     * previous task's outputs).
     */
    public record Connected(String task, String server, int remainingFiles, Map<String, String> files) {
    }

    /**
     * {@code POST /v1/task/next}: a new task for {@code tool} whose files are the outputs of a finished task of the
     * caller's (TaskSuccess or TaskSuccessWithWarnings), with no upload: each output is copied inside S3 (under the
     * same file_encryption_key, which the call must carry when the previous task had one) and becomes a waiting
     * file named as the previous task's download named it. Files that failed there are not carried. The new task
     * is open and counts against the limits as an upload would; two calls on one task make two tasks.
     */
    public Connected next(Caller caller, String previousId, String tool, String server, Optional<String> paramKey) {
        TaskTool known = TaskTool.fromWire(tool).orElseThrow(() -> TaskErrors.processing(400, "unknown_tool",
                "Unknown tool '" + tool + "'. Accepted values: " + TaskTool.accepted() + ".", "tool"));
        Task previous = found(caller.projectId(), previousId);
        if (previous.status() != TaskStatus.SUCCESS && previous.status() != TaskStatus.SUCCESS_WITH_WARNINGS) {
            throw TaskErrors.processing(400, previous.status() == TaskStatus.ERROR ? "task_failed"
                    : "task_not_finished", "The task is " + previous.status().wire() + ": a connected task "
                    + "continues from a task that was processed successfully (TaskSuccess or "
                    + "TaskSuccessWithWarnings)", "task");
        }
        Optional<FileKey> key = key(previous, caller, paramKey);
        List<TaskOutputs.Output> outputs = TaskOutputs.of(previous, store.files().list(previous.projectId(),
                previous.taskId()), objects.keysUnder(TaskOutputs.prefix(previous)));
        if (outputs.isEmpty()) {
            throw TaskErrors.processing(400, "no_output", "The task has no output files to continue from", "task");
        }
        if (outputs.size() > settings.maxFilesPerTask()) {
            throw tooManyFiles();
        }
        FileMonth month = FileMonth.of(clock.instant());
        int left = monthlyFilesLeft(caller, month);
        if (outputs.size() > left) {
            throw TaskErrors.monthlyFilesUsedUp("UploadError", "The connected task would hold " + outputs.size()
                    + " files, and the project's monthly allowance has " + left + " left in " + month.key()
                    + " (UTC).", month, "task");
        }
        List<Long> sizes = new ArrayList<>();
        for (TaskOutputs.Output output : outputs) {
            long size = output.size().orElseGet(() -> objects.size(output.key(), key));
            checkSize(size);
            sizes.add(size);
        }

        String taskId = Ids.newId();
        // The same key as the previous task: its check value is bound to the new task's id.
        Optional<String> keyCheck = key.map(k -> FileKey.check(taskId, caller.fileEncryptionKey()
                .or(() -> paramKey).orElseThrow()));
        Instant now = clock.instant();
        Task task = new Task(caller.projectId(), taskId, known, TaskStatus.WAITING, server, now, now,
                now.plus(settings.lifetime()), keyCheck, false, 0, Optional.empty(), Optional.empty(),
                Optional.empty(), 0, 0, Optional.empty(), false);
        store.tasks().create(task);
        Map<String, String> files = new LinkedHashMap<>();
        try {
            task = ensureOpen(task, caller);
            for (int i = 0; i < outputs.size(); i++) {
                TaskOutputs.Output output = outputs.get(i);
                String filename = cleanName(output.name());
                String serverFilename = serverFilename(filename);
                String objectKey = TaskKeys.inputObject(task.projectId(), task.taskId(), serverFilename);
                try {
                    objects.copy(output.key(), objectKey, key, key);
                } catch (NoSuchKeyException e) {
                    // The previous task was deleted or expired meanwhile.
                    throw TaskErrors.taskNotFound();
                }
                register(task, serverFilename, filename, sizes.get(i), objectKey);
                files.put(serverFilename, filename);
            }
        } catch (RuntimeException e) {
            // Nothing half made stays behind: the new task, its open-set entry, its copies and file items go.
            if (store.removal().delete(task)) {
                cleanup.cleanUp(task.projectId(), task.taskId(), false);
            }
            throw e;
        }
        return new Connected(taskId, server, settings.maxFilesPerTask(), files);
    }

    // ---------------------------------------------------------------- upload

    /**
     * Stores a file of a waiting task and answers its server_filename. For chunks: every chunk answers the same
     * server_filename; the file exists once the last chunk has arrived.
     *
     * @param paramKey a {@code file_encryption_key} sent as a parameter (the token's claim is the usual place)
     */
    public String upload(Caller caller, String taskId, Source source, Optional<String> paramKey) {
        Task task = waiting(caller, taskId);
        Optional<FileKey> key = key(task, caller, paramKey);
        if (task.fileCount() >= settings.maxFilesPerTask()) {
            throw tooManyFiles();
        }
        FileMonth month = FileMonth.of(clock.instant());
        int left = monthlyFilesLeft(caller, month);
        if (task.fileCount() + 1 > left) {
            // A file the task could not process this month is refused now rather than at process.
            throw TaskErrors.monthlyFilesUsedUp("UploadError", left == 0 ? "The project's monthly allowance of "
                    + settings.monthlyFiles(caller.project()) + " files is used up in " + month.key()
                    + " (UTC)." : "The task holds " + task.fileCount() + " files, and the project's monthly allowance "
                    + "has " + left + " left in " + month.key() + " (UTC): another file could not be processed this "
                    + "month.", month, "file");
        }
        task = ensureOpen(task, caller);
        return switch (source) {
            case WholeFile file -> store(task, cleanName(file.filename()), file.bytes(), key);
            case CloudFile cloud -> {
                FetchedFile fetched = fetch(cloud.url());
                yield store(task, cleanName(fetched.fileName().orElse("file")), fetched.bytes(), key);
            }
            case Chunk chunk -> chunk(task, chunk, key);
        };
    }

    private String store(Task task, String filename, byte[] bytes, Optional<FileKey> key) {
        checkSize(bytes.length);
        String serverFilename = serverFilename(filename);
        String objectKey = TaskKeys.inputObject(task.projectId(), task.taskId(), serverFilename);
        objects.put(objectKey, bytes, key);
        register(task, serverFilename, filename, bytes.length, objectKey);
        return serverFilename;
    }

    /** Counts the stored object as the task's file; if the task refuses it, the object goes again. */
    private void register(Task task, String serverFilename, String filename, long size, String objectKey) {
        Instant now = clock.instant();
        TaskFiles.AddResult added;
        try {
            added = store.files().add(new TaskFile(task.projectId(), task.taskId(), serverFilename, filename, size,
                    FileStatus.FILE_WAITING, now, Optional.empty(), Optional.empty()), settings.maxFilesPerTask(), now,
                    settings.lifetime());
        } catch (RuntimeException e) {
            objects.delete(objectKey);
            throw e;
        }
        if (added != TaskFiles.AddResult.ADDED) {
            objects.delete(objectKey);
            if (added == TaskFiles.AddResult.TOO_MANY_FILES) {
                throw tooManyFiles();
            }
            waiting(task.projectId(), task.taskId()); // throws the reason: gone, expired, or no longer waiting
            throw new ApiError(409, "task_changed", "The task changed while the file was uploaded; try again");
        }
    }

    private String chunk(Task task, Chunk chunk, Optional<FileKey> key) {
        if (chunk.chunks() < 1 || chunk.chunks() > MAX_CHUNKS) {
            throw TaskErrors.upload("bad_chunks", "chunks must be between 1 and " + MAX_CHUNKS, "chunks");
        }
        if (chunk.chunk() < 0 || chunk.chunk() >= chunk.chunks()) {
            throw TaskErrors.upload("bad_chunk", "chunk must be between 0 and chunks - 1 (" + (chunk.chunks() - 1)
                    + "); the first chunk is 0", "chunk");
        }
        String filename = cleanName(chunk.filename());
        String nameHash = nameHash(filename);
        String p = task.projectId();
        String t = task.taskId();
        Instant now = clock.instant();
        ChunkedUploads.ChunkProgress progress;
        if (chunk.chunk() == 0) {
            progress = new ChunkedUploads.ChunkProgress(serverFilename(filename), filename, chunk.chunks(), 0,
                    List.of());
            store.chunks().start(p, t, nameHash, progress, now, settings.lifetime());
        } else {
            progress = store.chunks().find(p, t, nameHash).orElseThrow(() -> TaskErrors.upload("missing_chunks",
                    "Chunk " + chunk.chunk() + " of '" + filename + "' arrived, but chunk 0 never did. Send the "
                            + "chunks in order, starting with 0.", "chunk"));
            if (progress.chunks() != chunk.chunks()) {
                throw TaskErrors.upload("bad_chunks", "This file's upload began with chunks=" + progress.chunks()
                        + ", not " + chunk.chunks(), "chunks");
            }
            if (progress.next() != chunk.chunk()) {
                throw TaskErrors.upload("missing_chunks", "Chunk " + chunk.chunk() + " of '" + filename
                        + "' arrived, but chunk " + progress.next() + " is the next one expected: chunks "
                        + progress.next() + " to " + (chunk.chunk() - 1) + " are missing. Send the chunks in order.",
                        "chunk");
            }
        }
        String serverFilename = progress.serverFilename();
        long size = progress.received() + chunk.bytes().length;
        if (size > settings.maxFileBytes()) {
            abandonChunks(p, t, nameHash, serverFilename);
            checkSize(size);
        }
        objects.put(TaskKeys.chunkObject(p, t, serverFilename, chunk.chunk()), chunk.bytes(), key);
        if (!store.chunks().advance(p, t, nameHash, serverFilename, chunk.chunk(), chunk.bytes().length)) {
            throw TaskErrors.upload("chunk_conflict", "Chunk " + chunk.chunk() + " of '" + filename
                    + "' was received twice at the same moment, or the upload was restarted; send the chunks once, "
                    + "in order.", "chunk");
        }
        if (chunk.chunk() < chunk.chunks() - 1) {
            return serverFilename;
        }
        List<Long> sizes = new ArrayList<>(progress.sizes());
        sizes.add((long) chunk.bytes().length);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < chunk.chunks(); i++) {
            keys.add(TaskKeys.chunkObject(p, t, serverFilename, i));
        }
        String objectKey = TaskKeys.inputObject(p, t, serverFilename);
        long total = objects.assemble(keys, sizes, objectKey, key);
        abandonChunks(p, t, nameHash, serverFilename);
        register(task, serverFilename, filename, total, objectKey);
        return serverFilename;
    }

    private void abandonChunks(String projectId, String taskId, String nameHash, String serverFilename) {
        objects.deleteUnder(TaskKeys.chunkPrefix(projectId, taskId, serverFilename));
        store.chunks().finish(projectId, taskId, nameHash);
    }

    private FetchedFile fetch(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw TaskErrors.upload("bad_url", "cloud_file is not a valid URL: " + e.getReason(), "cloud_file");
        }
        try {
            return fetcher.get().fetch(uri);
        } catch (ApiError e) {
            // The fetcher's own reasons (forbidden_address, fetch_failed, file_too_large...) as the task API's
            // UploadError on the parameter the client sent.
            throw TaskErrors.upload(e.code(), e.getMessage(), "cloud_file");
        }
    }

    // ---------------------------------------------------------------- remove an upload

    public void deleteUpload(Caller caller, String taskId, String serverFilename, Optional<String> paramKey) {
        Task task = waiting(caller, taskId);
        key(task, caller, paramKey);
        if (!Ids.plausible(serverFilename.replace(".", "")) || serverFilename.contains("/")) {
            throw TaskErrors.fileNotFound();
        }
        if (store.files().find(task.projectId(), task.taskId(), serverFilename).isEmpty()
                || !store.files().remove(task.projectId(), task.taskId(), serverFilename, clock.instant(),
                settings.lifetime())) {
            throw TaskErrors.fileNotFound();
        }
        objects.delete(TaskKeys.inputObject(task.projectId(), task.taskId(), serverFilename));
    }

    // ---------------------------------------------------------------- read

    public Details get(Caller caller, String taskId) {
        Task task = found(caller.projectId(), taskId);
        return new Details(task, store.files().list(task.projectId(), task.taskId()), task.status().wire());
    }

    /**
     * A page of the project's tasks. The task API allows this only to server-side code that sends the secret key:
     * a browser token is refused even with it.
     */
    public List<TaskView> list(Caller caller, Optional<String> secretKey, TaskListing.Filter filter, int page) {
        if (caller.browser()) {
            throw new ApiError(401, "secret_key_required", "The task list is for server-side code: a browser "
                    + "token may not list tasks", "secret_key");
        }
        byte[] expected = caller.project().secretKey().getBytes(StandardCharsets.UTF_8);
        if (secretKey.isEmpty() || !MessageDigest.isEqual(expected,
                secretKey.get().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(401, "secret_key_required", "Send the project's secret_key to list its tasks",
                    "secret_key");
        }
        // Each task as its status should be read (UnqueuedFiles). A task settled here may have matched a status
        // filter of TaskProcessing it no longer has; it is listed as it is now, and the next read won't match it.
        return store.listing().list(caller.projectId(), filter, page, PAGE_SIZE, clock.instant()).stream()
                .map(unqueued::settled).map(task -> TaskView.of(task, null)).toList();
    }

    public Info info(Caller caller) {
        FileMonth month = FileMonth.of(clock.instant());
        int allowance = settings.monthlyFiles(caller.project());
        int used = store.months().used(caller.projectId(), month);
        return new Info(settings.maxFilesPerTask(), store.openTasks().ids(caller.projectId()).size(),
                settings.maxOpenTasks(caller.project()), settings.maxFileBytes(), settings.lifetime().toSeconds(),
                allowance, used, Math.max(0, allowance - used), month.resetsAt());
    }

    /**
     * The files the caller's project may still process in {@code month}. Read for the early refusals of start and
     * upload only: what counts is the conditional update at process ({@link TaskProgress#beginProcessing}).
     */
    private int monthlyFilesLeft(Caller caller, FileMonth month) {
        return Math.max(0, settings.monthlyFiles(caller.project()) - store.months().used(caller.projectId(), month));
    }

    // ---------------------------------------------------------------- delete

    /**
     * Deletes a task and everything of it now (the stream's clean-up will find nothing left). Answers it with
     * status TaskDeleted, or UploadDeleted when it was still waiting; a second delete is TaskNotFound.
     */
    public Details delete(Caller caller, String taskId) {
        Task task = found(caller.projectId(), taskId);
        List<TaskFile> files = store.files().list(task.projectId(), task.taskId());
        if (!store.removal().delete(task)) {
            throw TaskErrors.taskNotFound();
        }
        cleanup.cleanUp(task.projectId(), task.taskId(), false);
        return new Details(task, files, task.status() == TaskStatus.WAITING ? TaskStatus.UPLOAD_DELETED
                : TaskStatus.DELETED.wire());
    }

    // ---------------------------------------------------------------- rules

    /** The task as its status should be read: finished first if its process call died unqueued (UnqueuedFiles). */
    private Task found(String projectId, String taskId) {
        return unqueued.settled(unsettled(projectId, taskId));
    }

    /**
     * The task as stored, for calls that need it TaskWaiting: a task left unqueued is TaskProcessing either way, and
     * is refused as such (uploads and their removal stay without the writes that finishing it takes).
     */
    private Task unsettled(String projectId, String taskId) {
        if (!Ids.plausible(taskId)) {
            throw TaskErrors.taskNotFound();
        }
        return store.tasks().find(projectId, taskId).filter(task -> !task.expired(clock.instant()))
                .orElseThrow(TaskErrors::taskNotFound);
    }

    private Task waiting(Caller caller, String taskId) {
        return waiting(caller.projectId(), taskId);
    }

    private Task waiting(String projectId, String taskId) {
        Task task = unsettled(projectId, taskId);
        if (task.status() != TaskStatus.WAITING) {
            throw TaskErrors.upload("task_not_waiting", "The task is " + task.status().wire()
                    + ": files can be added or removed only while it is TaskWaiting", "task");
        }
        return task;
    }

    /** The task's key, checked: the same key for every call on an encrypted task, and none on one without. */
    static Optional<FileKey> key(Task task, Caller caller, Optional<String> paramKey) {
        Optional<String> claim = caller.fileEncryptionKey();
        if (claim.isPresent() && paramKey.isPresent() && !claim.get().equals(paramKey.get())) {
            throw TaskErrors.processing(400, "wrong_file_encryption_key",
                    "The token's file_encryption_key and the parameter differ", FileKey.PARAM);
        }
        Optional<String> given = claim.or(() -> paramKey);
        if (given.isEmpty() && task.keyCheck().isEmpty()) {
            return Optional.empty();
        }
        if (given.isEmpty() || task.keyCheck().isEmpty()
                || !MessageDigest.isEqual(FileKey.check(task.taskId(), given.get()).getBytes(StandardCharsets.UTF_8),
                task.keyCheck().get().getBytes(StandardCharsets.UTF_8))) {
            FileKey.of(given.orElse("0123456789abcdef")); // a malformed key is refused as such
            throw TaskErrors.processing(400, "wrong_file_encryption_key", "This task was started "
                    + (task.encrypted() ? "with a file_encryption_key, and this call does not carry the same one"
                    : "without a file_encryption_key; use the same key (or none) for every call of a task"),
                    FileKey.PARAM);
        }
        return Optional.of(FileKey.of(given.get()));
    }

    /**
     * Counts the task as open from its first upload, within the project's limit, 10% of its monthly allowance
     * (after sweeping stale entries).
     */
    private Task ensureOpen(Task task, Caller caller) {
        if (task.open()) {
            return task;
        }
        int maxOpen = settings.maxOpenTasks(caller.project());
        OpenTasks.OpenResult result = store.openTasks().open(task, maxOpen, clock.instant(), settings.lifetime());
        if (result == OpenTasks.OpenResult.LIMIT_REACHED
                && store.openTasks().sweep(task.projectId(), clock.instant()) > 0) {
            result = store.openTasks().open(task, maxOpen, clock.instant(), settings.lifetime());
        }
        return switch (result) {
            case OPENED -> task;
            case TASK_CHANGED -> waiting(task.projectId(), task.taskId());
            case LIMIT_REACHED -> throw TaskErrors.upload("too_many_open_tasks", "The project has "
                    + maxOpen + " open tasks, the most it may have at once (10% of its monthly file allowance). "
                    + "Close some (process or delete them) before uploading to another.", "task");
        };
    }

    private void checkSize(long size) {
        if (size > settings.maxFileBytes()) {
            throw TaskErrors.upload("file_too_large", "The file is larger than " + settings.maxFileBytes()
                    + " bytes, the most a task's file may be", "file");
        }
    }

    private ApiError tooManyFiles() {
        return TaskErrors.upload("too_many_files", "The task already holds " + settings.maxFilesPerTask()
                + " files, the most a task may have", "file");
    }

    /** Random and unguessable, with the original's extension (tools and clients look at it). */
    static String serverFilename(String filename) {
        int dot = filename.lastIndexOf('.');
        String extension = dot < 0 ? "" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
        return Ids.newId() + (extension.matches("[a-z0-9]{1,10}") ? "." + extension : "");
    }

    /** A base name without paths or control characters, at most 255 characters; "file" when nothing is left. */
    static String cleanName(String name) {
        String base = name == null ? "" : name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder clean = new StringBuilder();
        base.codePoints().filter(c -> !Character.isISOControl(c)).forEach(clean::appendCodePoint);
        String result = clean.toString().strip();
        if (result.isEmpty() || result.equals(".") || result.equals("..")) {
            return "file";
        }
        return result.length() > 255 ? result.substring(0, 255) : result;
    }

    static String nameHash(String filename) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(filename.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
