package dev.loupe.functions.tasks;

import java.time.Instant;
import java.util.Optional;

import dev.loupe.sqs.QueueWorker;
import dev.loupe.task.FileJob;
import dev.loupe.task.TaskWorker;

/**
 * TaskFileQueue's worker: processes the files of one message ({@link TaskWorker}) and, when they were the task's
 * last, builds its output. A message that fails is reported (ReportBatchItemFailures) and delivered again; on its
 * last delivery (ApproximateReceiveCount = the queue's maxReceiveCount) its files are recorded UnknownError instead,
 * so that the task completes rather than waiting for a message that has gone to the dead-letter queue. A tool still
 * running at the delivery's deadline (the function's timeout less the time kept to finish) ends its file TimeOut.
 */
public final class ProcessFile extends QueueWorker {
    private final TaskWorker worker;
    private final int maxReceives;

    public ProcessFile() {
        this(TaskWiring.fileWorker(), TaskWiring.maxReceives());
    }

    /** @param maxReceives TaskFileQueue's maxReceiveCount: the delivery after which a message is dead-lettered */
    ProcessFile(TaskWorker worker, int maxReceives) {
        this.worker = worker;
        this.maxReceives = maxReceives;
    }

    @Override
    protected void process(Delivery delivery, Instant deadline, Log log) {
        Optional<FileJob> read = readOrDrop(delivery, FileJob.class, log);
        if (read.isEmpty()) {
            return;
        }
        FileJob job = read.get();
        TaskWorker.Outcome outcome = worker.handle(job, delivery.messageId(),
                delivery.receiveCount() >= maxReceives, deadline);
        log.line("task " + job.taskId() + ": " + outcome.recorded() + " file result(s) recorded"
                + (outcome.finished() ? ", task finished" : "") + " (delivery " + delivery.receiveCount() + ")");
    }
}
