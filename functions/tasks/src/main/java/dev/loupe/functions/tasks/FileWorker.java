package dev.loupe.functions.tasks;

import java.time.Clock;

import dev.loupe.auth.Authentication;
import dev.loupe.core.config.Env;
import dev.loupe.sqs.JobQueue;
import dev.loupe.sqs.SqsClients;
import dev.loupe.task.TaskSettings;
import dev.loupe.task.TaskWorker;

/**
 * The file worker ({@link ProcessFile}, and {@link DeadLetterFile} for its dead letters), built once per container on
 * first use. Apart from {@link Processing} because only these finish tasks and send to WebhookQueue, and only their
 * functions have the queue's URL in their environment.
 */
final class FileWorker {
    private FileWorker() {
    }

    static TaskWorker worker() {
        return Holder.WORKER;
    }

    private static final class Holder {
        static final JobQueue WEBHOOKS = new JobQueue(SqsClients.client(), Env.WEBHOOK_QUEUE_URL.required());
        static final TaskWorker WORKER = new TaskWorker(Processing.store(), Processing.objects(),
                Processing.processing(), TaskSettings.fromEnv(), Clock.systemUTC(), WEBHOOKS::send,
                publicKey -> Authentication.projects().findByPublicKey(publicKey));
    }
}
