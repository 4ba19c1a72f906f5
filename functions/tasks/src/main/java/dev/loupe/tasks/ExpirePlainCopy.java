package dev.loupe.tasks;

import java.time.Instant;

import dev.loupe.shared.jobs.JobQueue;
import dev.loupe.shared.jobs.QueueWorker;
import dev.loupe.shared.task.PlainCopyJob;

/**
 * TaskPlainCopyQueue's worker: deletes the plain copy that an encrypted task's download made, once the message's
 * delay (the link's lifetime) has passed. Idempotent: a redelivered message deletes a missing object.
 */
public final class ExpirePlainCopy extends QueueWorker {
    @Override
    protected void process(Delivery delivery, Instant deadline, Log log) {
        PlainCopyJob job;
        try {
            job = JobQueue.read(delivery.body(), PlainCopyJob.class);
        } catch (IllegalArgumentException e) {
            log.line("ERROR dropping message " + delivery.messageId() + ": " + e.getMessage());
            return;
        }
        boolean deleted = CleanUpTask.cleanup().deletePlainCopy(job);
        log.line((deleted ? "deleted plain copy of task " : "refused a key outside the plain copies of task ")
                + job.taskId());
    }
}
