package dev.loupe.functions.tasks;

import java.time.Instant;
import java.util.Optional;

import dev.loupe.sqs.QueueWorker;
import dev.loupe.task.FileJob;
import dev.loupe.task.TaskWorker;

/**
 * TaskFileDeadLetterQueue's consumer: a TaskFileQueue message whose worker was killed (timeout, out of memory) on its
 * last delivery never recorded its files, so its task would stay TaskProcessing until it expires. Here its files
 * still FileWaiting are recorded UnknownError and the task is completed as a worker completes it
 * ({@link TaskWorker#deadLettered}): once, with its webhook if it has one. A failure is reported and retried.
 */
public final class DeadLetterFile extends QueueWorker {
    private final TaskWorker worker;

    public DeadLetterFile() {
        this(TaskWiring.fileWorker());
    }

    DeadLetterFile(TaskWorker worker) {
        this.worker = worker;
    }

    @Override
    protected void process(Delivery delivery, Instant deadline, Log log) {
        Optional<FileJob> read = readOrDrop(delivery, FileJob.class, log);
        if (read.isEmpty()) {
            return;
        }
        FileJob job = read.get();
        TaskWorker.Outcome outcome = worker.deadLettered(job, delivery.messageId());
        log.line("task " + job.taskId() + ": dead-lettered message " + delivery.messageId() + ", "
                + outcome.recorded() + " file(s) recorded UnknownError"
                + (outcome.finished() ? ", task finished" : ""));
    }
}
