package dev.loupe.task;

import dev.loupe.imaging.tools.FileStatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.loupe.auth.Project;
import dev.loupe.imaging.tools.ImageTool;
import dev.loupe.imaging.tools.ProcessingTools;
import dev.loupe.imaging.tools.ToolInput;
import dev.loupe.imaging.tools.ToolOutput;
import dev.loupe.imaging.tools.ToolResult;
import dev.loupe.s3.MultipartObjectStream;
import dev.loupe.core.ZipNames;
import dev.loupe.webhooks.WebhookJob;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The TaskFileQueue worker's logic, free of Lambda types: processes the files of one {@link FileJob}, records each
 * file's result once (a conditional write: a redelivered message changes nothing), and when the task's last file has
 * its result, the one worker that claims completion builds the output and sets the task's final status.
 *
 * <p>Outputs: each file's output is {@code out/files/<server_filename>.<ext>}; the download is {@code out/download}:
 * a copy of the only output, or a ZIP of all of them (flat, named by {@code output_filename}, made unique) streamed
 * to S3 in parts, never held whole in memory.
 *
 * <p>A worker has until its deadline (the function's timeout less the time kept to record and complete): a tool
 * still running then is abandoned and its file ends {@code TimeOut}, as do the files of the message not begun, so
 * that the task completes instead of waiting for the function to be killed and its message dead-lettered.
 */
public final class TaskWorker {
    /** The download object's name under the task's {@code out/}. */
    public static final String DOWNLOAD = "download";
    private static final int ZIP_PART_BYTES = 8 * 1024 * 1024;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /**
     * Where the tools run while the worker waits for them with a deadline. Daemon threads: a tool abandoned at its
     * deadline can't be stopped inside libvips, and must not keep the process alive; its result is never used.
     */
    private static final ExecutorService TOOL_THREADS = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "task-tool");
        thread.setDaemon(true);
        return thread;
    });

    /** What a message did: the files it recorded, and whether it finished the task. */
    public record Outcome(int recorded, boolean finished) {
    }

    private final TaskStore store;
    private final TaskObjects objects;
    private final TaskProcessing processing;
    private final TaskSettings settings;
    private final Clock clock;
    private final Consumer<WebhookJob> webhooks;
    private final Function<String, Optional<Project>> projectsByPublicKey;

    /**
     * @param webhooks            sends a WebhookQueue message for a finished task that has a webhook
     * @param projectsByPublicKey finds the project whose secret key opens an encrypted task's {@link SealedKey}
     */
    public TaskWorker(TaskStore store, TaskObjects objects, TaskProcessing processing, TaskSettings settings,
                      Clock clock, Consumer<WebhookJob> webhooks,
                      Function<String, Optional<Project>> projectsByPublicKey) {
        this.webhooks = webhooks;
        this.projectsByPublicKey = projectsByPublicKey;
        this.store = store;
        this.objects = objects;
        this.processing = processing;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Handles one message. An unexpected failure (storage, a bug) is thrown so that SQS delivers the message again,
     * except on its last delivery ({@code lastAttempt}): then its files are recorded as UnknownError, so that the
     * task still completes instead of staying TaskProcessing.
     *
     * @param worker   the message's id: the same id may take over a completion its earlier delivery claimed
     * @param deadline when the tools must have finished ({@link Instant#MAX}: no limit); a file whose tool runs past
     *                 it, and every file of the message not begun by then, ends {@code TimeOut}
     */
    public Outcome handle(FileJob job, String worker, boolean lastAttempt, Instant deadline) {
        Optional<Task> found = store.tasks().find(job.projectId(), job.taskId());
        if (found.isEmpty() || found.get().status() != TaskStatus.PROCESSING || found.get().params().isEmpty()) {
            found.ifPresent(task -> queueOwedWebhook(task, worker));
            return new Outcome(0, false); // deleted, or already finished: nothing left to do
        }
        Task task = found.get();
        ProcessOrder order = ProcessOrder.fromJson(task.params().get());
        List<ProcessOrder.FileOrder> pending = pending(task, order, job);
        Optional<FileKey> key = fileKey(task, order, job);
        int recorded = 0;
        if (!pending.isEmpty()) {
            try {
                recorded = process(task, order, pending, key, deadline);
            } catch (RuntimeException e) {
                if (!lastAttempt) {
                    throw e;
                }
                recorded = recordAll(task, pending, FileStatus.UNKNOWN_ERROR, "Processing failed repeatedly: " + e);
            }
        }
        return new Outcome(recorded, complete(task, order, worker, key));
    }

    /**
     * Handles a message that reached TaskFileDeadLetterQueue: its worker never got to record its files (killed by a
     * timeout or out of memory on the last delivery). Its files still FileWaiting are recorded UnknownError, then the
     * task is completed as a worker would; a message whose files already have a result changes nothing, and one
     * seen again records nothing twice.
     *
     * @param worker the message's id: SQS keeps it when it moves a message to the dead-letter queue, so that a
     *               completion its worker claimed before dying is taken over here
     */
    public Outcome deadLettered(FileJob job, String worker) {
        Optional<Task> found = store.tasks().find(job.projectId(), job.taskId());
        if (found.isEmpty() || found.get().status() != TaskStatus.PROCESSING || found.get().params().isEmpty()) {
            found.ifPresent(task -> queueOwedWebhook(task, worker));
            return new Outcome(0, false);
        }
        Task task = found.get();
        ProcessOrder order = ProcessOrder.fromJson(task.params().get());
        // The outputs of an encrypted task's other files are read under its key if this completes the task.
        Optional<FileKey> key = fileKey(task, order, job);
        int recorded = recordAll(task, pending(task, order, job), FileStatus.UNKNOWN_ERROR,
                "Dead-lettered: the worker stopped before recording a result (out of memory, or killed)");
        return new Outcome(recorded, complete(task, order, worker, key));
    }

    /** The message's files that the order names and that are still FileWaiting. */
    private List<ProcessOrder.FileOrder> pending(Task task, ProcessOrder order, FileJob job) {
        Map<String, ProcessOrder.FileOrder> ordered = new LinkedHashMap<>();
        order.files().forEach(f -> ordered.put(f.serverFilename(), f));
        List<ProcessOrder.FileOrder> pending = new ArrayList<>();
        for (String name : job.serverFilenames()) {
            Optional<TaskFile> file = store.files().find(task.projectId(), task.taskId(), name);
            if (ordered.containsKey(name) && file.isPresent() && file.get().status() == FileStatus.FILE_WAITING) {
                pending.add(ordered.get(name));
            }
        }
        return pending;
    }

    /** Records {@code status} for each of {@code files} that has no result yet; answers how many it recorded. */
    private int recordAll(Task task, List<ProcessOrder.FileOrder> files, FileStatus status, String reason) {
        int recorded = 0;
        for (ProcessOrder.FileOrder file : files) {
            if (store.progress().recordFileResult(task.projectId(), task.taskId(), file.serverFilename(),
                    status, Optional.of(reason), Optional.empty())) {
                recorded++;
            }
        }
        return recorded;
    }

    /**
     * An encrypted task's key, opened from the message with its project's secret key. A message without it, or one
     * that does not open, is a fault of Loupe's, not of the file: it is thrown, so that the message is retried (and
     * dead-lettered in the end).
     */
    private Optional<FileKey> fileKey(Task task, ProcessOrder order, FileJob job) {
        if (!task.encrypted()) {
            return Optional.empty();
        }
        if (job.sealedKey() == null) {
            throw new IllegalStateException("the message of encrypted task " + task.taskId() + " carries no key");
        }
        Project project = Optional.ofNullable(order.projectKey()).flatMap(projectsByPublicKey)
                .filter(p -> p.projectId().equals(task.projectId()))
                .orElseThrow(() -> new IllegalStateException("the project of task " + task.taskId() + " is gone"));
        return Optional.of(SealedKey.open(job.sealedKey(), project.secretKey(), task.taskId()));
    }

    // ---------------------------------------------------------------- one message's files

    private int process(Task task, ProcessOrder order, List<ProcessOrder.FileOrder> pending, Optional<FileKey> key,
                        Instant deadline) {
        ProcessingTools tools = processing.tools(task, key);
        ImageTool.Run run = tools.prepare(order.tool(), order.toolParams());
        List<ProcessOrder.FileOrder> readable = new ArrayList<>();
        List<ToolInput> inputs = new ArrayList<>();
        int recorded = 0;
        for (ProcessOrder.FileOrder file : pending) {
            try {
                byte[] bytes = objects.get(TaskKeys.inputObject(task.projectId(), task.taskId(),
                        file.serverFilename()), key);
                readable.add(file);
                inputs.add(new ToolInput(bytes, file.filename(), file.rotate()));
            } catch (NoSuchKeyException e) {
                recorded += record(task, file, ToolResult.FileResult.failure(FileStatus.SERVER_FILE_NOT_FOUND,
                        "The uploaded file is no longer stored"), Optional.empty());
            }
        }
        if (readable.isEmpty()) {
            return recorded;
        }
        String late = "Processing took longer than the " + budgetSeconds(deadline) + " s a worker has for it";
        if (TaskProcessing.combines(order)) {
            Optional<ToolResult> ran = withinDeadline(() -> run.apply(inputs), deadline);
            if (ran.isEmpty()) {
                return recorded + recordAll(task, readable, FileStatus.TIME_OUT, late);
            }
            ToolResult result = ran.get();
            // The one output first, then the files' results: a redelivery after a crash between them finds the
            // output in place (it is written again, identically).
            if (result.combined().isPresent()) {
                ToolOutput out = result.combined().get();
                objects.put(outputKey(task, TaskOutputs.COMBINED + "." + out.extension()), out.bytes(), key);
            }
            for (int i = 0; i < readable.size(); i++) {
                recorded += record(task, readable.get(i), result.files().get(i), Optional.empty());
            }
            return recorded;
        }
        for (int i = 0; i < readable.size(); i++) {
            ToolInput input = inputs.get(i);
            Optional<ToolResult.FileResult> ran = withinDeadline(() -> {
                ToolResult.FileResult first = run.apply(List.of(input)).files().getFirst();
                if (first.status() == FileStatus.DAMAGED_FILE && order.tryImageRepair()
                        && !order.tool().equals("repairimage")) {
                    return repaired(tools, run, input).orElse(first);
                }
                return first;
            }, deadline);
            if (ran.isEmpty()) {
                return recorded + recordAll(task, readable.subList(i, readable.size()), FileStatus.TIME_OUT, late);
            }
            ToolResult.FileResult result = ran.get();
            Optional<Long> size = Optional.empty();
            if (result.succeeded() && result.output() != null) {
                ToolOutput out = result.output();
                objects.put(outputKey(task, readable.get(i).serverFilename() + "." + out.extension()), out.bytes(),
                        key);
                size = Optional.of((long) out.bytes().length);
            }
            recorded += record(task, readable.get(i), result, size);
        }
        return recorded;
    }

    /**
     * The tool's work, or nothing when {@code deadline} passes first (or has passed: then it is not begun). The
     * abandoned work runs on in its daemon thread, and what it makes is never written anywhere.
     */
    private <T> Optional<T> withinDeadline(Supplier<T> work, Instant deadline) {
        if (deadline.equals(Instant.MAX)) {
            return Optional.of(work.get());
        }
        long millis = Duration.between(clock.instant(), deadline).toMillis();
        if (millis <= 0) {
            return Optional.empty();
        }
        Future<T> running = TOOL_THREADS.submit(work::get);
        try {
            return Optional.of(running.get(millis, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            running.cancel(true);
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a tool ran", e);
        }
    }

    private long budgetSeconds(Instant deadline) {
        return deadline.equals(Instant.MAX) ? 0 : Math.max(0, Duration.between(clock.instant(), deadline).toSeconds());
    }

    /** try_image_repair: a damaged file repaired (repairimage) and given to the tool again, when that works. */
    private static Optional<ToolResult.FileResult> repaired(ProcessingTools tools, ImageTool.Run run,
                                                            ToolInput input) {
        ToolResult.FileResult repair = tools.apply("repairimage", List.of(new ToolInput(input.bytes(),
                input.filename(), 0)), Map.of()).files().getFirst();
        if (!repair.succeeded() || repair.output() == null) {
            return Optional.empty();
        }
        ToolResult.FileResult again = run.apply(List.of(new ToolInput(repair.output().bytes(), input.filename(),
                input.rotate()))).files().getFirst();
        return again.succeeded() ? Optional.of(again) : Optional.empty();
    }

    private int record(Task task, ProcessOrder.FileOrder file, ToolResult.FileResult result, Optional<Long> size) {
        Optional<String> message = result.message() == null || result.message().isBlank() ? Optional.empty()
                : Optional.of(result.message());
        return store.progress().recordFileResult(task.projectId(), task.taskId(), file.serverFilename(),
                result.status(), message, size) ? 1 : 0;
    }

    // ---------------------------------------------------------------- completion

    /** Claims the task's completion (once every file has a result) and, if this worker won, finishes it. */
    boolean complete(Task task, ProcessOrder order, String worker, Optional<FileKey> key) {
        if (!store.completion().claim(task.projectId(), task.taskId(), worker)) {
            return false;
        }
        Map<String, TaskFile> stored = new LinkedHashMap<>();
        store.files().list(task.projectId(), task.taskId()).forEach(f -> stored.put(f.serverFilename(), f));
        List<TaskFile> files = order.files().stream().map(f -> stored.get(f.serverFilename()))
                .filter(java.util.Objects::nonNull).toList();
        List<TaskFile> failed = files.stream().filter(f -> f.status() != FileStatus.FILE_SUCCESS).toList();
        long filesize = files.stream().mapToLong(TaskFile::size).sum();
        Instant now = clock.instant();
        String timer = String.format(java.util.Locale.ROOT, "%.3f",
                Math.max(0, now.toEpochMilli() - order.startedMillis()) / 1000.0);
        Instant started = Instant.ofEpochMilli(order.startedMillis());

        TaskStatus status;
        String message;
        if (failed.size() == files.size()) {
            status = TaskStatus.ERROR;
            message = "No file could be processed" + firstFailure(failed);
        } else if (!failed.isEmpty() && !order.ignoreErrors()) {
            status = TaskStatus.ERROR;
            message = failed.size() + " of " + files.size() + " files failed and ignore_errors is false"
                    + firstFailure(failed);
        } else {
            status = failed.isEmpty() ? TaskStatus.SUCCESS : TaskStatus.SUCCESS_WITH_WARNINGS;
            message = failed.isEmpty() ? "" : failed.size() + " of " + files.size() + " files failed"
                    + firstFailure(failed);
        }
        Task.Output output;
        if (status == TaskStatus.ERROR) {
            output = new Task.Output("", filesize, 0, 0, List.of(), timer, started, message);
        } else {
            output = build(task, order, files, filesize, timer, started, message, now, key);
        }
        boolean finished = store.completion().finish(task.projectId(), task.taskId(), worker, status, output, now,
                settings.lifetime());
        if (finished && order.hasWebhook()) {
            // After the task is final, so that the sender reads the finished task. If this send fails, the
            // exception makes SQS deliver the message again, and that delivery (same id: the finisher) finds the
            // task finished without webhook_queued and sends it then (queueOwedWebhook).
            queueWebhook(task);
        }
        return true;
    }

    /**
     * A finished task's webhook that its finisher could not queue: sent by the finisher's redelivery (the same
     * message id). At least once: a send whose mark was lost is sent again, and receivers dedupe by task.
     */
    private void queueOwedWebhook(Task task, String worker) {
        if (task.status().finished() && task.params().isPresent()
                && ProcessOrder.fromJson(task.params().get()).hasWebhook()
                && store.completion().webhookOwed(task.projectId(), task.taskId(), worker)) {
            queueWebhook(task);
        }
    }

    private void queueWebhook(Task task) {
        webhooks.accept(WebhookJob.finishedTask(task.projectId(), task.taskId()));
        store.completion().markWebhookQueued(task.projectId(), task.taskId());
    }

    private static String firstFailure(List<TaskFile> failed) {
        return failed.isEmpty() ? "" : "; " + failed.getFirst().filename() + ": " + failed.getFirst().status().wire()
                + failed.getFirst().statusMessage().map(m -> " (" + m + ")").orElse("");
    }

    private Task.Output build(Task task, ProcessOrder order, List<TaskFile> files, long filesize, String timer,
                              Instant started, String message, Instant now, Optional<FileKey> fileKey) {
        // The same walk and names as a connected task's files (POST /v1/task/next), so the two always agree.
        List<TaskOutputs.Output> outputs = TaskOutputs.of(task, order, files,
                objects.keysUnder(TaskOutputs.prefix(task)), now);
        String download = TaskKeys.outputObject(task.projectId(), task.taskId(), DOWNLOAD);
        List<String> extensions = new ArrayList<>(new LinkedHashSet<>(outputs.stream()
                .map(TaskOutputs.Output::extension).toList()));
        if (outputs.isEmpty()) {
            // Every file succeeded on record but none left an output: nothing to download.
            return new Task.Output("", filesize, 0, 0, List.of(), timer, started, "No output was made");
        }
        if (outputs.size() == 1) {
            objects.copy(outputs.getFirst().key(), download, fileKey, fileKey);
            long size = objects.size(download, fileKey);
            return new Task.Output(outputs.getFirst().name(), filesize, size, 1, extensions, timer, started,
                    message);
        }
        String first = order.files().getFirst().filename();
        String zipName = ZipNames.safe(name(order.packagedFilename() == null ? ProcessOrder.DEFAULT_PACKAGED
                : order.packagedFilename(), first, outputs.size(), order.tool(), now) + ".zip");
        long size = zip(outputs, download, fileKey);
        return new Task.Output(zipName, filesize, size, outputs.size(), extensions, timer, started, message);
    }

    /** The outputs as one ZIP, flat (one output per file, names already unique), streamed to S3 in parts. */
    private long zip(List<TaskOutputs.Output> outputs, String target, Optional<FileKey> key) {
        MultipartObjectStream upload = objects.stream(target, "application/zip", ZIP_PART_BYTES, key);
        boolean completed = false;
        ZipOutputStream zip = new ZipOutputStream(upload, StandardCharsets.UTF_8);
        try {
            // Images are compressed already: storing them costs no size and saves the time of deflating.
            zip.setLevel(Deflater.NO_COMPRESSION);
            for (TaskOutputs.Output output : outputs) {
                zip.putNextEntry(new ZipEntry(output.name()));
                try (InputStream in = objects.open(output.key(), key)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
            zip.finish();
            upload.complete();
            completed = true;
            return upload.written();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!completed) {
                upload.abort();
            }
        }
    }

    /** The task API's templates: {date}, {n}, {filename} (without its extension), {tool}. */
    static String name(String template, String filename, int n, String tool, Instant now) {
        int dot = filename.lastIndexOf('.');
        String base = dot > 0 ? filename.substring(0, dot) : filename;
        String name = template.replace("{date}", DATE.format(now)).replace("{n}", Integer.toString(n))
                .replace("{filename}", base).replace("{tool}", tool).strip();
        return name.isEmpty() ? base : name;
    }

    private static String outputKey(Task task, String name) {
        return TaskOutputs.prefix(task) + name;
    }
}
