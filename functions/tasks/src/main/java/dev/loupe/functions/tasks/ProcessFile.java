package dev.loupe.functions.tasks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import dev.loupe.sqs.QueueWorker;
import dev.loupe.task.FileJob;
import dev.loupe.task.TaskWorker;

/**
 * TaskFileQueue's worker: processes the files of a batch of messages (the event source's BatchSize, several files
 * of a task at the cost of one: {@link TaskWorker#handleAll}) and, when they were the task's last, builds its
 * output. A message that fails, or that the invocation's deadline left unbegun, is reported (ReportBatchItemFailures)
 * and delivered again while the others of the batch are done with; on its last delivery (ApproximateReceiveCount =
 * the queue's maxReceiveCount) a failing file is recorded UnknownError instead, so that the task completes rather
 * than waiting for a message that has gone to the dead-letter queue. A tool still running at the deadline (the
 * function's timeout less the time kept to finish) ends its file TimeOut when its message had the whole budget.
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
    protected Collection<String> processAll(List<Delivery> deliveries, Instant deadline, Log log) {
        List<TaskWorker.Message> messages = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            Optional<FileJob> read = readOrDrop(delivery, FileJob.class, log);
            read.ifPresent(job -> messages.add(new TaskWorker.Message(job, delivery.messageId(),
                    delivery.receiveCount(), delivery.receiveCount() >= maxReceives)));
        }
        if (messages.isEmpty()) {
            return List.of();
        }
        TaskWorker.BatchOutcome outcome = worker.handleAll(messages, deadline);
        outcome.retry().forEach((id, why) -> logFailure(id, why instanceof TaskWorker.NotBegun
                ? new RetryLater(why.getMessage()) : why, log));
        log.line(messages.size() + " message(s): " + outcome.recorded() + " file result(s) recorded, "
                + outcome.finished() + " task(s) finished, " + outcome.retry().size() + " to deliver again");
        return outcome.retry().keySet();
    }
}
