package dev.loupe.functions.tasks;

import java.time.Clock;
import java.time.Duration;

import dev.loupe.auth.Authentication;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.limits.ProjectGate;
import dev.loupe.core.Lazy;
import dev.loupe.core.config.Env;
import dev.loupe.core.dynamo.DynamoDbClients;
import dev.loupe.fetch.AddressPolicy;
import dev.loupe.fetch.Resolver;
import dev.loupe.fetch.SafeFetcher;
import dev.loupe.imaging.tools.ProcessingTools;
import dev.loupe.s3.S3Clients;
import dev.loupe.sqs.JobQueue;
import dev.loupe.sqs.SqsClients;
import dev.loupe.task.TaskCleanup;
import dev.loupe.task.TaskObjects;
import dev.loupe.task.TaskProcessing;
import dev.loupe.task.TaskService;
import dev.loupe.task.TaskSettings;
import dev.loupe.task.TaskStore;
import dev.loupe.task.TaskWebhookSubjects;
import dev.loupe.task.TaskWorker;
import dev.loupe.webhooks.ProjectEventSubjects;
import dev.loupe.webhooks.WebhookDelivery;
import dev.loupe.webhooks.WebhookSubjects;

/**
 * How the tasks area's handlers get their services: each is built on first use, once per container, from the
 * function's environment, and handed to the handler's constructor. A function builds, and needs variables for, only
 * what its handler asks for: the task service (start, upload, task, list, info) needs the table and the bucket; the
 * processing phase (process, download, the file worker) also TaskFileQueue and the wait; only the file worker sends
 * to WebhookQueue; the clean-up needs the table and the bucket, none of the limits. Tests build the handlers with
 * their package-private constructors instead.
 */
final class TaskWiring {
    private static final Lazy<TaskStore> STORE = new Lazy<>();
    private static final Lazy<TaskObjects> OBJECTS = new Lazy<>();
    private static final Lazy<TaskSettings> SETTINGS = new Lazy<>();
    private static final Lazy<SafeFetcher> CLOUD_FETCHER = new Lazy<>();
    private static final Lazy<TaskService> SERVICE = new Lazy<>();
    private static final Lazy<TaskService> UPLOADS = new Lazy<>();
    private static final Lazy<SafeFetcher> WEBHOOK_FETCHER = new Lazy<>();
    private static final Lazy<TaskProcessing> PROCESSING = new Lazy<>();
    private static final Lazy<JobQueue> PLAIN_COPY_QUEUE = new Lazy<>();
    private static final Lazy<TaskWorker> FILE_WORKER = new Lazy<>();
    private static final Lazy<TaskCleanup> CLEANUP = new Lazy<>();
    private static final Lazy<WebhookDelivery> WEBHOOK_DELIVERY = new Lazy<>();

    private TaskWiring() {
    }

    static Authenticator authenticator() {
        return Authentication.authenticator();
    }

    /** The task API's gate (IP ranges, origins, rate): built by the first call that passes the verifier. */
    static ProjectGate gate() {
        return ProjectGate.fromEnv();
    }

    /**
     * Start, task, list, info, next, delete, delete upload: the service without a cloud_file fetcher, which only
     * upload uses ({@link #uploads}), so that these functions read nothing of the fetcher's configuration.
     */
    static TaskService service() {
        return SERVICE.get(() -> new TaskService(store(), objects(), () -> {
            throw new IllegalStateException("cloud_file is fetched by UploadFile only (TaskWiring.uploads)");
        }, settings(), Clock.systemUTC()));
    }

    /** Upload: the service with the cloud_file fetcher ({@link #fetchPolicy}). */
    static TaskService uploads() {
        return UPLOADS.get(() -> new TaskService(store(), objects(), TaskWiring::cloudFetcher, settings(),
                Clock.systemUTC()));
    }

    /** The processing phase: process and download. The webhook check builds the fetcher only when it has a URL. */
    static TaskProcessing processing() {
        return PROCESSING.get(() -> new TaskProcessing(store(), objects(),
                new JobQueue(SqsClients.client(), Env.TASK_FILE_QUEUE_URL.required()), new ProcessingTools(),
                S3Clients.presigner(), settings(),
                Duration.ofSeconds(Long.parseLong(Env.PROCESS_WAIT_SECONDS.required())), Clock.systemUTC(),
                url -> webhookFetcher().vet(url)));
    }

    /** How long an encrypted task's download link, and its plain copy, live. */
    static Duration plainCopyLifetime() {
        return Duration.ofSeconds(Long.parseLong(Env.ENCRYPTED_DOWNLOAD_SECONDS.required()));
    }

    /** Schedules a plain copy's deletion on TaskPlainCopyQueue; the queue is built by the first encrypted download. */
    static TaskProcessing.PlainCopies plainCopies() {
        return (job, after) -> PLAIN_COPY_QUEUE.get(() ->
                new JobQueue(SqsClients.client(), Env.TASK_PLAIN_COPY_QUEUE_URL.required())).send(job, after);
    }

    /** The file worker (ProcessFile, and DeadLetterFile for its dead letters): it finishes tasks. */
    static TaskWorker fileWorker() {
        return FILE_WORKER.get(() -> new TaskWorker(store(), objects(), processing(), settings(), Clock.systemUTC(),
                new JobQueue(SqsClients.client(), Env.WEBHOOK_QUEUE_URL.required())::send,
                publicKey -> Authentication.projects().findByPublicKey(publicKey)));
    }

    /** TaskFileQueue's maxReceiveCount: the delivery after which a message goes to the dead-letter queue. */
    static int maxReceives() {
        return Integer.parseInt(Env.TASK_FILE_MAX_RECEIVES.required());
    }

    /** The clean-up of a task that goes: CleanUpTask, and ExpirePlainCopy (the same table and bucket). */
    static TaskCleanup cleanup() {
        return CLEANUP.get(() -> new TaskCleanup(store(), objects()));
    }

    /**
     * The webhook sender (SendWebhook): finished tasks to their {@code webhook}, and projects' people events (queued by
     * NotificationFanOutFunction) to their project's {@code events_webhook}, both signed with the project's secret key.
     */
    static WebhookDelivery webhookDelivery() {
        return WEBHOOK_DELIVERY.get(() -> new WebhookDelivery(WebhookSubjects.byJob(
                new TaskWebhookSubjects(store(), publicKey -> Authentication.projects().findByPublicKey(publicKey),
                        Clock.systemUTC()),
                new ProjectEventSubjects(projectId -> Authentication.projects().findByProjectId(projectId)
                        .map(p -> new ProjectEventSubjects.Endpoint(p.eventsWebhook(), p.secretKey())))),
                webhookFetcher(), Clock.systemUTC()));
    }

    /** The first retry's wait, doubled with each further delivery ({@code WEBHOOK_BACKOFF_SECONDS}). */
    static Duration webhookBackoff() {
        return Duration.ofSeconds(Long.parseLong(Env.WEBHOOK_BACKOFF_SECONDS.required()));
    }

    /** Delays a WebhookQueue message's next delivery by setting its visibility timeout. */
    static void postponeWebhook(String receiptHandle, Duration delay) {
        SqsClients.client().changeMessageVisibility(r -> r.queueUrl(Env.WEBHOOK_QUEUE_URL.required())
                .receiptHandle(receiptHandle).visibilityTimeout((int) delay.toSeconds()));
    }

    /**
     * What webhooks and cloud_file fetches may reach: public addresses only, and besides them the one loopback address
     * and port that {@code LOOPBACK_ALLOWED_TARGET} names when the local cloud sets it (template.yaml leaves it empty).
     */
    static AddressPolicy fetchPolicy() {
        return AddressPolicy.fromEnv();
    }

    private static TaskStore store() {
        return STORE.get(() -> new TaskStore(DynamoDbClients.client(), Env.TASKS_TABLE.required()));
    }

    private static TaskObjects objects() {
        return OBJECTS.get(() -> new TaskObjects(S3Clients.client(), Env.TASK_BUCKET.required()));
    }

    private static TaskSettings settings() {
        return SETTINGS.get(TaskSettings::fromEnv);
    }

    /** The cloud_file fetcher, built only by the first upload that needs one ({@link #fetchPolicy}). */
    private static TaskService.CloudFetcher cloudFetcher() {
        return CLOUD_FETCHER.get(() -> new SafeFetcher(fetchPolicy(), Resolver.SYSTEM,
                SafeFetcher.Limits.DEFAULTS.withMaxBytes(settings().maxFileBytes())))::fetch;
    }

    /**
     * The fetcher that vets webhook URLs (process) and POSTs to them (the sender). A receiver gets 15 s in all: the
     * sender's Lambda timeout (30 s) leaves room for the rest.
     */
    private static SafeFetcher webhookFetcher() {
        return WEBHOOK_FETCHER.get(() -> new SafeFetcher(fetchPolicy(), Resolver.SYSTEM, SafeFetcher.Limits.DEFAULTS
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15))));
    }
}
