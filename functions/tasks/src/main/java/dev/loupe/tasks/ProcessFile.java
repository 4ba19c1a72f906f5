package dev.loupe.tasks;

import java.util.ArrayList;
import java.util.List;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.loupe.shared.jobs.JobQueue;
import dev.loupe.shared.task.FileJob;
import dev.loupe.shared.task.TaskWorker;

/**
 * TaskFileQueue's worker: processes the files of one message ({@link TaskWorker}) and, when they were the task's
 * last, builds its output. A message that fails is reported (ReportBatchItemFailures) and delivered again; on its
 * last delivery (ApproximateReceiveCount = the queue's maxReceiveCount) its files are recorded UnknownError instead,
 * so that the task completes rather than waiting for a message that has gone to the dead-letter queue. Not a
 * {@code QueueWorker}: it needs each message's id and receive count, not only its body.
 */
public final class ProcessFile implements RequestHandler<SQSEvent, SQSBatchResponse> {
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of()
                : event.getRecords();
        for (SQSEvent.SQSMessage message : records) {
            FileJob job;
            try {
                job = JobQueue.read(message.getBody(), FileJob.class);
            } catch (IllegalArgumentException e) {
                // Not a FileJob: no delivery will ever make it one. Logged and dropped.
                log(context, "ERROR dropping message " + message.getMessageId() + ": " + e.getMessage());
                continue;
            }
            try {
                int receives = receives(message);
                TaskWorker.Outcome outcome = FileWorker.worker().handle(job, message.getMessageId(),
                        receives >= Processing.maxReceives());
                log(context, "task " + job.taskId() + ": " + outcome.recorded() + " file result(s) recorded"
                        + (outcome.finished() ? ", task finished" : "") + " (delivery " + receives + ")");
            } catch (RuntimeException e) {
                log(context, "ERROR message " + message.getMessageId() + " failed and goes back to the queue: " + e);
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private static int receives(SQSEvent.SQSMessage message) {
        try {
            return Integer.parseInt(message.getAttributes().getOrDefault("ApproximateReceiveCount", "1"));
        } catch (RuntimeException e) {
            return 1;
        }
    }

    private static void log(Context context, String line) {
        if (context != null) {
            context.getLogger().log(line);
        } else {
            System.out.println(line);
        }
    }
}
