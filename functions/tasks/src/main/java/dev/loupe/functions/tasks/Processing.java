package dev.loupe.functions.tasks;

import java.time.Clock;
import java.time.Duration;

import dev.loupe.core.config.Env;
import dev.loupe.imaging.tools.ProcessingTools;
import dev.loupe.sqs.JobQueue;
import dev.loupe.core.dynamo.DynamoDbClients;
import dev.loupe.s3.S3Clients;
import dev.loupe.sqs.SqsClients;
import dev.loupe.task.TaskObjects;
import dev.loupe.task.TaskProcessing;
import dev.loupe.task.TaskSettings;
import dev.loupe.task.TaskStore;

/**
 * The processing phase's services (process, download; the file worker's are in {@link FileWorker}), built once per
 * container on first use. Apart from {@link Tasks} so that only these functions need the queue and the wait in their
 * environment.
 */
final class Processing {
    private Processing() {
    }

    static TaskProcessing processing() {
        return Holder.PROCESSING;
    }

    static TaskStore store() {
        return Holder.STORE;
    }

    static TaskObjects objects() {
        return Holder.OBJECTS;
    }

    /** TaskFileQueue's maxReceiveCount: the delivery after which a message goes to the dead-letter queue. */
    static int maxReceives() {
        return Integer.parseInt(Env.TASK_FILE_MAX_RECEIVES.required());
    }

    private static final class Holder {
        static final TaskStore STORE;
        static final TaskObjects OBJECTS;
        static final TaskProcessing PROCESSING;

        static {
            TaskSettings settings = TaskSettings.fromEnv();
            TaskStore store = new TaskStore(DynamoDbClients.client(), Env.TASKS_TABLE.required());
            TaskObjects objects = new TaskObjects(S3Clients.client(), Env.TASK_BUCKET.required());
            STORE = store;
            OBJECTS = objects;
            JobQueue queue = new JobQueue(SqsClients.client(), Env.TASK_FILE_QUEUE_URL.required());
            // The webhook check builds the fetcher only when a process request has a webhook.
            PROCESSING = new TaskProcessing(store, objects, queue, new ProcessingTools(), S3Clients.presigner(),
                    settings, Duration.ofSeconds(Long.parseLong(Env.PROCESS_WAIT_SECONDS.required())),
                    Clock.systemUTC(), url -> WebhookFetcher.fetcher().vet(url));
        }
    }
}
