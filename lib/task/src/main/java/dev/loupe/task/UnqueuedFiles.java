package dev.loupe.task;

import dev.loupe.imaging.tools.FileStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Files whose TaskFileQueue messages never went: no worker will ever see them, so nobody but this class gives them a
 * result or finishes their task. Two ways to get here:
 *
 * <ul>
 * <li>process knows: a send failed while it lived ({@link #recordUnsent}). Those files end UnknownError (the same
 * once-only write a worker makes); the workers of the messages that went complete the task as usual, and when none
 * went, the task is finished here, TaskError.</li>
 * <li>nobody knows: the process call died between beginning processing and recording its sends ({@code queued}, set
 * by {@link TaskProgress#markQueued} once every message was sent or its file recorded). Lambda kills a function at
 * its timeout, so a task still TaskProcessing without {@code queued} once process's timeout has passed since it began
 * will never be queued: every read of its status ({@link #settled}) finishes it as if none was sent, TaskError with
 * its files UnknownError. The claim is a conditional write ({@link TaskCompletion#claimUnqueued}): two readers finish
 * it once, a worker that claimed the task first (its message did go) keeps it, and a file message arriving after the
 * task is finished finds it no longer TaskProcessing and changes nothing. In the rare death between the last send and
 * the mark, workers may have recorded some results meanwhile; the task still ends TaskError with no output, which is
 * what the task API's statuses allow for a task whose processing could not be completed.</li>
 * </ul>
 *
 * <p>The task's webhook is not sent on either path (the queue it would go through is SQS too, and the reader that
 * settles a task is a status request, not the task's process call).
 */
public final class UnqueuedFiles {
    /** Who claims a task's completion when process itself (or a reader on its behalf) finishes it. */
    static final String PROCESS_FINISHER = "process";
    /** Clocks of the function that began processing and of the reader may differ by this much. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
    static final String NOT_QUEUED = "The file could not be queued for processing (the queue did not answer); "
            + "process the files again in a new task";
    static final String PROCESS_DIED = "Processing stopped before the files were queued (the process request ended "
            + "unexpectedly); process the files again in a new task";

    private final TaskStore store;
    private final TaskSettings settings;
    private final Clock clock;

    UnqueuedFiles(TaskStore store, TaskSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Process's own failures: the files of {@code unsent} end UnknownError; when {@code noneSent}, the task is finished
     * here, TaskError (every file failed, so there is no output to build), rather than left TaskProcessing.
     */
    void recordUnsent(Task task, ProcessOrder order, Collection<String> unsent, boolean noneSent) {
        for (String serverFilename : unsent) {
            store.progress().recordFileResult(task.projectId(), task.taskId(), serverFilename,
                    FileStatus.UNKNOWN_ERROR, Optional.of(NOT_QUEUED), Optional.empty());
        }
        if (noneSent && store.completion().claim(task.projectId(), task.taskId(), PROCESS_FINISHER)) {
            finishWithError(task, order, NOT_QUEUED);
        }
    }

    /**
     * The task as its status should be read: itself, unless process died before queueing its files and its timeout
     * has passed since, in which case it is finished now (TaskError, its waiting files UnknownError) and read again.
     */
    public Task settled(Task task) {
        if (task.status() != TaskStatus.PROCESSING || task.queued() || task.params().isEmpty()) {
            return task;
        }
        ProcessOrder order;
        try {
            order = ProcessOrder.fromJson(task.params().get());
        } catch (IllegalStateException unreadable) {
            return task; // no order to tell when processing began or which files it holds: reading must not fail
        }
        Instant startedBefore = clock.instant().minus(settings.processTimeout()).minus(CLOCK_SKEW);
        if (!Instant.ofEpochMilli(order.startedMillis()).isBefore(startedBefore)) {
            return task; // process may still be sending
        }
        if (store.completion().claimUnqueued(task.projectId(), task.taskId(), PROCESS_FINISHER, startedBefore)) {
            int neverProcessed = 0;
            for (ProcessOrder.FileOrder file : order.files()) {
                // Only a FileWaiting file takes it: a result a worker recorded meanwhile stays.
                if (store.progress().recordFileResult(task.projectId(), task.taskId(), file.serverFilename(),
                        FileStatus.UNKNOWN_ERROR, Optional.of(PROCESS_DIED), Optional.empty())) {
                    neverProcessed++;
                }
            }
            // Files no worker saw go back to the month process counted them in, as process's own unsent files do.
            store.months().giveBack(task.projectId(), FileMonth.of(Instant.ofEpochMilli(order.startedMillis())),
                    neverProcessed);
            finishWithError(task, order, PROCESS_DIED);
        }
        return store.tasks().find(task.projectId(), task.taskId()).orElse(task);
    }

    /** Finishes a task claimed by {@link #PROCESS_FINISHER}: TaskError, no output, {@code reason} as its message. */
    private void finishWithError(Task task, ProcessOrder order, String reason) {
        List<TaskFile> files = store.files().list(task.projectId(), task.taskId());
        long filesize = files.stream().mapToLong(TaskFile::size).sum();
        Instant now = clock.instant();
        String timer = String.format(Locale.ROOT, "%.3f", Math.max(0, now.toEpochMilli() - order.startedMillis())
                / 1000.0);
        store.completion().finish(task.projectId(), task.taskId(), PROCESS_FINISHER, TaskStatus.ERROR,
                new Task.Output("", filesize, 0, 0, List.of(), timer, Instant.ofEpochMilli(order.startedMillis()),
                        reason), now, settings.lifetime());
    }
}
