package dev.loupe.tasks;

import java.time.Clock;

import dev.loupe.shared.auth.Authentication;
import dev.loupe.shared.config.Env;
import dev.loupe.shared.jobs.JobQueue;
import dev.loupe.shared.storage.AwsClients;
import dev.loupe.shared.task.TaskSettings;
import dev.loupe.shared.task.TaskWorker;

/**
 * The file worker ({@link ProcessFile}), built once per container on first use. Apart from {@link Processing} because
 * only the worker sends to WebhookQueue, and only its function has the queue's URL in its environment.
 */
final class FileWorker {
    private FileWorker() {
    }

    static TaskWorker worker() {
        return Holder.WORKER;
    }

    private static final class Holder {
        static final JobQueue WEBHOOKS = new JobQueue(AwsClients.sqs(), Env.WEBHOOK_QUEUE_URL.required());
        static final TaskWorker WORKER = new TaskWorker(Processing.store(), Processing.objects(),
                Processing.processing(), TaskSettings.fromEnv(), Clock.systemUTC(), WEBHOOKS::send,
                publicKey -> Authentication.projects().findByPublicKey(publicKey));
    }
}
