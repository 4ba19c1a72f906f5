package dev.loupe.tasks;

import java.time.Instant;

import dev.loupe.shared.jobs.JobQueue;
import dev.loupe.shared.jobs.QueueWorker;
import dev.loupe.shared.task.FileJob;
import dev.loupe.shared.task.TaskWorker;

/**
 * TaskFileDeadLetterQueue's consumer: a TaskFileQueue message whose worker was killed (timeout, out of memory) on its
 * last delivery never recorded its files, so its task would stay TaskProcessing until it expires. Here its files
 * still FileWaiting are recorded UnknownError and the task is completed as a worker completes it
 * ({@link TaskWorker#deadLettered}): once, with its webhook if it has one. A failure is reported and retried.
 */
public final class DeadLetterFile extends QueueWorker {
    @Override
    protected void process(Delivery delivery, Instant deadline, Log log) {
        FileJob job;
        try {
            job = JobQueue.read(delivery.body(), FileJob.class);
        } catch (IllegalArgumentException e) {
            log.line("ERROR dropping message " + delivery.messageId() + ": " + e.getMessage());
            return;
        }
        TaskWorker.Outcome outcome = FileWorker.worker().deadLettered(job, delivery.messageId());
        log.line("task " + job.taskId() + ": dead-lettered message " + delivery.messageId() + ", "
                + outcome.recorded() + " file(s) recorded UnknownError" + (outcome.finished() ? ", task finished" : ""));
    }
}
