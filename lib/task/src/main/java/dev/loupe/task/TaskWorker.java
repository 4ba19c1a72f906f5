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
import java.util.Comparator;
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
 * The TaskFileQueue worker's logic, free of Lambda types: processes the files of a batch of {@link FileJob}s
 * ({@link #handleAll}; a task's messages together), records each file's result once (a conditional write: a
 * redelivered message changes nothing), and when the task's last file has its result, the one worker that claims
 * completion builds the output and sets the task's final status.
 *
 * <p>Outputs: each file's output is {@code out/files/<server_filename>.<ext>}; the download is {@code out/download}:
 * a copy of the only output, or a ZIP of all of them (flat, named by {@code output_filename}, made unique) streamed
 * to S3 in parts, never held whole in memory.
 *
 * <p>A worker has until its deadline (the function's timeout less the time kept to record and complete): a tool
 * still running then is abandoned and its file ends {@code TimeOut}, as do the files of the message not begun, so
 * that the task completes instead of waiting for the function to be killed and its message dead-lettered. In a
 * batch that holds for the first message handled; a later one the deadline reaches goes back to the queue.
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

    /**
     * One delivery of a TaskFileQueue message.
     *
     * @param id           the message's id: the same id may take over a completion its earlier delivery claimed
     * @param receiveCount SQS's ApproximateReceiveCount: 1 on a first delivery, whose files need not be read (see
     *                     {@link #handleAll})
     * @param lastAttempt  the last delivery before the dead-letter queue: a failure records the files UnknownError
     *                     instead of being thrown, so that the task still completes
     */
    public record Message(FileJob job, String id, int receiveCount, boolean lastAttempt) {
    }

    /**
     * What a batch did: the files it recorded, the tasks it finished, and the messages to deliver again with why
     * (a failure, or not begun before the deadline).
     */
    public record BatchOutcome(int recorded, int finished, Map<String, RuntimeException> retry) {
    }

    /** A message of a batch that was not begun, or whose tool was cut short, by the invocation's deadline. */
    public static final class NotBegun extends RuntimeException {
        NotBegun() {
            super("not begun before the invocation's deadline: delivered again with a whole budget", null, false,
                    false);
        }
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
     * Handles one message on its own (its files read first, as for a redelivery). An unexpected failure (storage, a
     * bug) is thrown so that SQS delivers the message again, except on its last delivery ({@code lastAttempt}):
     * then its files are recorded as UnknownError, so that the task still completes instead of staying
     * TaskProcessing.
     *
     * @param worker   the message's id: the same id may take over a completion its earlier delivery claimed
     * @param deadline when the tools must have finished ({@link Instant#MAX}: no limit); a file whose tool runs past
     *                 it, and every file of the message not begun by then, ends {@code TimeOut}
     */
    public Outcome handle(FileJob job, String worker, boolean lastAttempt, Instant deadline) {
        BatchOutcome outcome = handleAll(List.of(new Message(job, worker, Integer.MAX_VALUE, lastAttempt)), deadline);
        if (!outcome.retry().isEmpty()) {
            throw outcome.retry().values().iterator().next();
        }
        return new Outcome(outcome.recorded(), outcome.finished() > 0);
    }

    /**
     * Handles a batch of messages (the SQS event source's BatchSize) at the cost of one: the messages of a task are
     * handled together, with one read of the task and of its order, one read of the files of its redelivered
     * messages (a BatchGetItem), the tool prepared once, one write of the files' results with the task's counter
     * (conditional: each file takes one result, once) after their outputs, and one completion claim.
     *
     * <p>A first delivery's files are not read: its files are FileWaiting unless the same message was sent twice
     * (SQS's at-least-once), and then the tool runs again and writes the same output while the conditional write
     * refuses the second result, so the counters stay exact. A redelivery reads them, so that a file recorded
     * before a crash is not processed again.
     *
     * <p>Each message succeeds or fails on its own (the handler reports failures with ReportBatchItemFailures): a
     * failing file sends only its own message back. The messages whose earlier deliveries failed run first. Only
     * the first message handled has the whole budget: a later one not begun, or whose tool is cut short, by the
     * deadline goes back to the queue ({@link NotBegun}) rather than ending TimeOut, unless it is on its last
     * delivery; a failure while completing a task sends all of its messages back.
     *
     * @param deadline when the tools must have finished ({@link Instant#MAX}: no limit)
     */
    public BatchOutcome handleAll(List<Message> messages, Instant deadline) {
        List<Message> ordered = new ArrayList<>(messages);
        ordered.sort(Comparator.comparing(Message::lastAttempt).reversed()
                .thenComparing(Comparator.comparingInt(Message::receiveCount).reversed()));
        Map<String, List<Message>> byTask = new LinkedHashMap<>();
        for (Message message : ordered) {
            byTask.computeIfAbsent(message.job().projectId() + "/" + message.job().taskId(), k -> new ArrayList<>())
                    .add(message);
        }
        Map<String, RuntimeException> retry = new LinkedHashMap<>();
        int recorded = 0;
        int finished = 0;
        boolean first = true;
        for (List<Message> group : byTask.values()) {
            TaskBatch batch = new TaskBatch(group, deadline, first, retry);
            recorded += batch.run();
            finished += batch.finished ? 1 : 0;
            first &= !batch.begun;
        }
        return new BatchOutcome(recorded, finished, retry);
    }

    /** The messages of one task within a batch. */
    private final class TaskBatch {
        private final List<Message> messages;
        private final Instant deadline;
        private final Map<String, RuntimeException> retry;
        private boolean first;
        boolean begun;
        boolean finished;

        TaskBatch(List<Message> messages, Instant deadline, boolean first, Map<String, RuntimeException> retry) {
            this.messages = messages;
            this.deadline = deadline;
            this.first = first;
            this.retry = retry;
        }

        int run() {
            List<String> ids = messages.stream().map(Message::id).toList();
            FileJob any = messages.getFirst().job();
            Task task;
            ProcessOrder order;
            Optional<FileKey> key;
            Map<String, TaskFile> redelivered;
            try {
                Optional<Task> found = store.tasks().find(any.projectId(), any.taskId());
                if (found.isEmpty() || found.get().status() != TaskStatus.PROCESSING
                        || found.get().params().isEmpty()) {
                    found.ifPresent(t -> queueOwedWebhook(t, ids));
                    return 0; // deleted, or already finished: nothing left to do
                }
                task = found.get();
                order = ProcessOrder.fromJson(task.params().get());
                key = fileKey(task, order, messages.getFirst().job());
                redelivered = store.files().findAll(task.projectId(), task.taskId(), messages.stream()
                        .filter(m -> m.receiveCount() > 1).flatMap(m -> m.job().serverFilenames().stream())
                        .toList());
            } catch (RuntimeException e) {
                ids.forEach(id -> retry.put(id, e));
                return 0;
            }
            Map<String, ProcessOrder.FileOrder> named = new LinkedHashMap<>();
            order.files().forEach(f -> named.put(f.serverFilename(), f));
            Prepared prepared = null;
            // The files' results, recorded together once the messages are done (outputs are written before).
            List<TaskProgress.FileResult> results = new ArrayList<>();
            for (Message message : messages) {
                List<ProcessOrder.FileOrder> pending = new ArrayList<>();
                for (String name : message.job().serverFilenames()) {
                    TaskFile file = redelivered.get(name);
                    boolean waiting = message.receiveCount() <= 1
                            || file != null && file.status() == FileStatus.FILE_WAITING;
                    if (named.containsKey(name) && waiting) {
                        pending.add(named.get(name));
                    }
                }
                if (pending.isEmpty()) {
                    continue;
                }
                boolean wholeBudget = first || message.lastAttempt();
                first = false;
                begun = true;
                try {
                    if (prepared == null) {
                        prepared = prepare(task, order, key);
                    }
                    process(task, order, prepared, pending, key, deadline, wholeBudget, results);
                } catch (NotBegun e) {
                    retry.put(message.id(), e);
                } catch (RuntimeException e) {
                    if (!message.lastAttempt()) {
                        retry.put(message.id(), e);
                    } else {
                        // A result the message got before failing is kept: the first result of a file wins.
                        results.addAll(results(pending, FileStatus.UNKNOWN_ERROR,
                                "Processing failed repeatedly: " + e));
                    }
                }
            }
            int recorded = 0;
            try {
                recorded = store.progress().recordFileResults(task.projectId(), task.taskId(), results);
                finished = complete(task, order, ids, key);
            } catch (RuntimeException e) {
                // Their redeliveries record what is missing and claim again: any of these messages may take over.
                ids.forEach(id -> retry.putIfAbsent(id, e));
            }
            return recorded;
        }
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
            found.ifPresent(task -> queueOwedWebhook(task, List.of(worker)));
            return new Outcome(0, false);
        }
        Task task = found.get();
        ProcessOrder order = ProcessOrder.fromJson(task.params().get());
        // The outputs of an encrypted task's other files are read under its key if this completes the task.
        Optional<FileKey> key = fileKey(task, order, job);
        int recorded = store.progress().recordFileResults(task.projectId(), task.taskId(),
                results(pending(task, order, job), FileStatus.UNKNOWN_ERROR,
                        "Dead-lettered: the worker stopped before recording a result (out of memory, or killed)"));
        return new Outcome(recorded, complete(task, order, List.of(worker), key));
    }

    /** The message's files that the order names and that are still FileWaiting. */
    private List<ProcessOrder.FileOrder> pending(Task task, ProcessOrder order, FileJob job) {
        Map<String, ProcessOrder.FileOrder> ordered = new LinkedHashMap<>();
        order.files().forEach(f -> ordered.put(f.serverFilename(), f));
        Map<String, TaskFile> stored = store.files().findAll(task.projectId(), task.taskId(), job.serverFilenames());
        List<ProcessOrder.FileOrder> pending = new ArrayList<>();
        for (String name : job.serverFilenames()) {
            Optional<TaskFile> file = Optional.ofNullable(stored.get(name));
            if (ordered.containsKey(name) && file.isPresent() && file.get().status() == FileStatus.FILE_WAITING) {
                pending.add(ordered.get(name));
            }
        }
        return pending;
    }

    /** {@code status} as the result of each of {@code files}. */
    private static List<TaskProgress.FileResult> results(List<ProcessOrder.FileOrder> files, FileStatus status,
                                                         String reason) {
        return files.stream().map(f -> new TaskProgress.FileResult(f.serverFilename(), status, Optional.of(reason),
                Optional.<Long>empty())).toList();
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

    /** A task's tools, and its tool prepared with the order's parameters: once for all its messages of a batch. */
    private record Prepared(ProcessingTools tools, ImageTool.Run run) {
    }

    private Prepared prepare(Task task, ProcessOrder order, Optional<FileKey> key) {
        ProcessingTools tools = processing.tools(task, key);
        return new Prepared(tools, tools.prepare(order.tool(), order.toolParams()));
    }

    /**
     * @param wholeBudget whether the message had the invocation's whole budget: if not, a tool cut short by the
     *                    deadline (or not begun) sends the message back ({@link NotBegun}) instead of ending TimeOut
     */
    private void process(Task task, ProcessOrder order, Prepared prepared, List<ProcessOrder.FileOrder> pending,
                         Optional<FileKey> key, Instant deadline, boolean wholeBudget,
                         List<TaskProgress.FileResult> results) {
        ProcessingTools tools = prepared.tools();
        ImageTool.Run run = prepared.run();
        if (!wholeBudget && !clock.instant().isBefore(deadline)) {
            throw new NotBegun();
        }
        List<ProcessOrder.FileOrder> readable = new ArrayList<>();
        List<ToolInput> inputs = new ArrayList<>();
        for (ProcessOrder.FileOrder file : pending) {
            try {
                byte[] bytes = objects.get(TaskKeys.inputObject(task.projectId(), task.taskId(),
                        file.serverFilename()), key);
                readable.add(file);
                inputs.add(new ToolInput(bytes, file.filename(), file.rotate()));
            } catch (NoSuchKeyException e) {
                results.add(result(file, ToolResult.FileResult.failure(FileStatus.SERVER_FILE_NOT_FOUND,
                        "The uploaded file is no longer stored"), Optional.empty()));
            }
        }
        if (readable.isEmpty()) {
            return;
        }
        String late = "Processing took longer than the " + budgetSeconds(deadline) + " s a worker has for it";
        if (TaskProcessing.combines(order)) {
            Optional<ToolResult> ran = withinDeadline(() -> run.apply(inputs), deadline);
            if (ran.isEmpty() && !wholeBudget) {
                throw new NotBegun();
            }
            if (ran.isEmpty()) {
                results.addAll(results(readable, FileStatus.TIME_OUT, late));
                return;
            }
            ToolResult result = ran.get();
            // The one output first, then the files' results: a redelivery after a crash between them finds the
            // output in place (it is written again, identically).
            if (result.combined().isPresent()) {
                ToolOutput out = result.combined().get();
                objects.put(outputKey(task, TaskOutputs.COMBINED + "." + out.extension()), out.bytes(), key);
            }
            for (int i = 0; i < readable.size(); i++) {
                results.add(result(readable.get(i), result.files().get(i), Optional.empty()));
            }
            return;
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
            if (ran.isEmpty() && !wholeBudget) {
                throw new NotBegun(); // the files recorded so far keep their results; a redelivery skips them
            }
            if (ran.isEmpty()) {
                results.addAll(results(readable.subList(i, readable.size()), FileStatus.TIME_OUT, late));
                return;
            }
            ToolResult.FileResult result = ran.get();
            Optional<Long> size = Optional.empty();
            if (result.succeeded() && result.output() != null) {
                ToolOutput out = result.output();
                objects.put(outputKey(task, readable.get(i).serverFilename() + "." + out.extension()), out.bytes(),
                        key);
                size = Optional.of((long) out.bytes().length);
            }
            results.add(result(readable.get(i), result, size));
        }
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

    private static TaskProgress.FileResult result(ProcessOrder.FileOrder file, ToolResult.FileResult result,
                                                  Optional<Long> size) {
        Optional<String> message = result.message() == null || result.message().isBlank() ? Optional.empty()
                : Optional.of(result.message());
        return new TaskProgress.FileResult(file.serverFilename(), result.status(), message, size);
    }

    // ---------------------------------------------------------------- completion

    /** Claims the task's completion (once every file has a result) and, if this worker won, finishes it. */
    boolean complete(Task task, ProcessOrder order, List<String> workers, Optional<FileKey> key) {
        Optional<String> claimed = store.completion().claim(task.projectId(), task.taskId(), workers);
        if (claimed.isEmpty()) {
            return false;
        }
        String worker = claimed.get();
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
    private void queueOwedWebhook(Task task, List<String> workers) {
        if (task.status().finished() && task.params().isPresent()
                && ProcessOrder.fromJson(task.params().get()).hasWebhook()
                && store.completion().webhookOwed(task.projectId(), task.taskId(), workers)) {
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
