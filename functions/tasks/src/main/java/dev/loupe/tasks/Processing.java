package dev.loupe.tasks;

import java.time.Clock;
import java.time.Duration;

import dev.loupe.shared.config.Env;
import dev.loupe.shared.imaging.tools.ProcessingTools;
import dev.loupe.shared.jobs.JobQueue;
import dev.loupe.shared.storage.AwsClients;
import dev.loupe.shared.task.TaskObjects;
import dev.loupe.shared.task.TaskProcessing;
import dev.loupe.shared.task.TaskSettings;
import dev.loupe.shared.task.TaskStore;
import dev.loupe.shared.task.TaskWorker;

/**
 * The processing phase's services (process, download, the file worker), built once per container on first use. Apart
 * from {@link Tasks} so that only these functions need the queue and the wait in their environment.
 */
final class Processing {
    private Processing() {
    }

    static TaskProcessing processing() {
        return Holder.PROCESSING;
    }

    static TaskWorker worker() {
        return Holder.WORKER;
    }

    /** TaskFileQueue's maxReceiveCount: the delivery after which a message goes to the dead-letter queue. */
    static int maxReceives() {
        return Integer.parseInt(Env.TASK_FILE_MAX_RECEIVES.required());
    }

    /** Only the file worker sends to WebhookQueue, and only it has the queue's URL. */
    private static final class WebhookQueue {
        static final JobQueue QUEUE = new JobQueue(AwsClients.sqs(), Env.WEBHOOK_QUEUE_URL.required());
    }

    private static final class Holder {
        static final TaskProcessing PROCESSING;
        static final TaskWorker WORKER;

        static {
            TaskSettings settings = TaskSettings.fromEnv();
            TaskStore store = new TaskStore(AwsClients.dynamoDb(), Env.TASKS_TABLE.required());
            TaskObjects objects = new TaskObjects(AwsClients.s3(), Env.TASK_BUCKET.required());
            JobQueue queue = new JobQueue(AwsClients.sqs(), Env.TASK_FILE_QUEUE_URL.required());
            // The webhook check builds the fetcher only when a process request has a webhook.
            PROCESSING = new TaskProcessing(store, objects, queue, new ProcessingTools(), AwsClients.s3Presigner(),
                    settings, Duration.ofSeconds(Long.parseLong(Env.PROCESS_WAIT_SECONDS.required())),
                    Clock.systemUTC(), url -> Webhooks.fetcher().vet(url));
            WORKER = new TaskWorker(store, objects, PROCESSING, settings, Clock.systemUTC(),
                    job -> WebhookQueue.QUEUE.send(job));
        }
    }
}
