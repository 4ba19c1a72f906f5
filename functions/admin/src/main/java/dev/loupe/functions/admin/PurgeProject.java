package dev.loupe.functions.admin;

import java.time.Instant;

import dev.loupe.sqs.QueueWorker;

/**
 * ProjectPurgeQueue's worker: one round of a deleted project's purge per message ({@link ProjectPurge}): one page of
 * a table's items or 1,000 objects deleted, the next round queued. A message handled twice does no harm.
 */
public final class PurgeProject extends QueueWorker {
    private final ProjectPurge purge;

    public PurgeProject() {
        this(AdminWiring.purge());
    }

    PurgeProject(ProjectPurge purge) {
        this.purge = purge;
    }

    @Override
    protected void process(Delivery delivery, Instant deadline, Log log) {
        var read = readOrDrop(delivery, ProjectPurge.Message.class, log);
        if (read.isEmpty()) {
            return;
        }
        var message = read.get();
        var round = purge.run(message);
        log.line("purge of project " + message.projectId() + ", pass " + message.pass() + ", step " + message.step()
                + ": " + round.deleted() + " deleted" + (round.done() ? "; done" : ""));
    }
}
