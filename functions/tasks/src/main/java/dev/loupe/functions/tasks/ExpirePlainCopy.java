package dev.loupe.functions.tasks;

import java.time.Instant;
import java.util.Optional;

import dev.loupe.sqs.QueueWorker;
import dev.loupe.task.PlainCopyJob;
import dev.loupe.task.TaskCleanup;

/**
 * TaskPlainCopyQueue's worker: deletes the plain copy that an encrypted task's download made, once the message's
 * delay (the link's lifetime) has passed. Idempotent: a redelivered message deletes a missing object.
 */
public final class ExpirePlainCopy extends QueueWorker {
    private final TaskCleanup cleanup;

    public ExpirePlainCopy() {
        this(TaskWiring.cleanup());
    }

    ExpirePlainCopy(TaskCleanup cleanup) {
        this.cleanup = cleanup;
    }

    @Override
    protected void process(Delivery delivery, Instant deadline, Log log) {
        Optional<PlainCopyJob> read = readOrDrop(delivery, PlainCopyJob.class, log);
        if (read.isEmpty()) {
            return;
        }
        PlainCopyJob job = read.get();
        boolean deleted = cleanup.deletePlainCopy(job);
        log.line((deleted ? "deleted plain copy of task " : "refused a key outside the plain copies of task ")
                + job.taskId());
    }
}
