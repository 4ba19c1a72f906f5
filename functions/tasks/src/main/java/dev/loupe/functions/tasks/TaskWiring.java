package dev.loupe.functions.tasks;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
import dev.loupe.webhooks.WebhookDelivery;

/**
 * How the tasks area's handlers get their services: each is built on first use, once per container, from the
 * function's environment, and handed to the handler's constructor. A function builds, and needs variables for, only
 * what its handler asks for: the task service (start, upload, task, list, info) needs the table and the bucket; the
 * processing phase (process, download, the file worker) also TaskFileQueue and the wait; only the file worker sends
 * to WebhookQueue; the clean-up needs the table and the bucket, none of the limits. Tests build the handlers with
 * their package-private constructors instead.
 */
final class TaskWiring {
    private static final Lazy<TaskStore> STORE = Lazy.of(() ->
            new TaskStore(DynamoDbClients.client(), Env.TASKS_TABLE.required()));
    private static final Lazy<TaskObjects> OBJECTS = Lazy.of(() ->
            new TaskObjects(S3Clients.client(), Env.TASK_BUCKET.required()));
    private static final Lazy<TaskSettings> SETTINGS = Lazy.of(TaskSettings::fromEnv);

    /** The cloud_file fetcher, built only by the first upload that needs one: public addresses only. */
    private static final Lazy<SafeFetcher> CLOUD_FETCHER = Lazy.of(() -> new SafeFetcher(AddressPolicy.PUBLIC_ONLY,
            Resolver.SYSTEM, SafeFetcher.Limits.DEFAULTS.withMaxBytes(SETTINGS.get().maxFileBytes())));
    private static final Lazy<TaskService> SERVICE = Lazy.of(() -> new TaskService(STORE.get(), OBJECTS.get(),
            () -> CLOUD_FETCHER.get()::fetch, SETTINGS.get(), Clock.systemUTC()));

    /**
     * The fetcher that vets webhook URLs (process) and POSTs to them (the sender). A receiver gets 15 s in all: the
     * sender's Lambda timeout (30 s) leaves room for the rest.
     */
    private static final Lazy<SafeFetcher> WEBHOOK_FETCHER = Lazy.of(() -> new SafeFetcher(webhookPolicy(),
            Resolver.SYSTEM, SafeFetcher.Limits.DEFAULTS.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(15))));
    // The webhook check builds the fetcher only when a process request has a webhook.
    private static final Lazy<TaskProcessing> PROCESSING = Lazy.of(() -> new TaskProcessing(STORE.get(),
            OBJECTS.get(), new JobQueue(SqsClients.client(), Env.TASK_FILE_QUEUE_URL.required()),
            new ProcessingTools(), S3Clients.presigner(), SETTINGS.get(),
            Duration.ofSeconds(Long.parseLong(Env.PROCESS_WAIT_SECONDS.required())), Clock.systemUTC(),
            url -> WEBHOOK_FETCHER.get().vet(url)));
    private static final Lazy<JobQueue> PLAIN_COPY_QUEUE = Lazy.of(() ->
            new JobQueue(SqsClients.client(), Env.TASK_PLAIN_COPY_QUEUE_URL.required()));

    private static final Lazy<TaskWorker> FILE_WORKER = Lazy.of(() -> {
        JobQueue webhooks = new JobQueue(SqsClients.client(), Env.WEBHOOK_QUEUE_URL.required());
        return new TaskWorker(STORE.get(), OBJECTS.get(), PROCESSING.get(), SETTINGS.get(), Clock.systemUTC(),
                webhooks::send, publicKey -> Authentication.projects().findByPublicKey(publicKey));
    });
    private static final Lazy<TaskCleanup> CLEANUP = Lazy.of(() -> new TaskCleanup(STORE.get(), OBJECTS.get()));
    private static final Lazy<WebhookDelivery> WEBHOOK_DELIVERY = Lazy.of(() -> new WebhookDelivery(
            new TaskWebhookSubjects(STORE.get(), publicKey -> Authentication.projects().findByPublicKey(publicKey),
                    Clock.systemUTC()), WEBHOOK_FETCHER.get(), Clock.systemUTC()));

    private TaskWiring() {
    }

    static Authenticator authenticator() {
        return Authentication.authenticator();
    }

    /** The task API's gate (IP ranges, origins, rate): built by the first call that passes the verifier. */
    static ProjectGate gate() {
        return ProjectGate.fromEnv();
    }

    /** Start, upload, task, list, info, next, delete. */
    static TaskService service() {
        return SERVICE.get();
    }

    /** The processing phase: process and download. */
    static TaskProcessing processing() {
        return PROCESSING.get();
    }

    /** How long an encrypted task's download link, and its plain copy, live. */
    static Duration plainCopyLifetime() {
        return Duration.ofSeconds(Long.parseLong(Env.ENCRYPTED_DOWNLOAD_SECONDS.required()));
    }

    /** Schedules a plain copy's deletion on TaskPlainCopyQueue; the queue is built by the first encrypted download. */
    static TaskProcessing.PlainCopies plainCopies() {
        return (job, after) -> PLAIN_COPY_QUEUE.get().send(job, after);
    }

    /** The file worker (ProcessFile, and DeadLetterFile for its dead letters): it finishes tasks. */
    static TaskWorker fileWorker() {
        return FILE_WORKER.get();
    }

    /** TaskFileQueue's maxReceiveCount: the delivery after which a message goes to the dead-letter queue. */
    static int maxReceives() {
        return Integer.parseInt(Env.TASK_FILE_MAX_RECEIVES.required());
    }

    /** The clean-up of a task that goes: CleanUpTask, and ExpirePlainCopy (the same table and bucket). */
    static TaskCleanup cleanup() {
        return CLEANUP.get();
    }

    /** The webhook sender (SendWebhook). */
    static WebhookDelivery webhookDelivery() {
        return WEBHOOK_DELIVERY.get();
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
     * The webhook fetcher's address policy: the production one, public addresses only, unless
     * {@code WEBHOOK_ALLOW_LOOPBACK_ADDRESS} names one loopback address (tests on the local cloud, whose receiver
     * listens on 127.0.0.1); {@link AddressPolicy#allowing} refuses anything that is not loopback, so the variable can
     * never open the private network. template.yaml leaves it empty.
     */
    static AddressPolicy webhookPolicy() {
        var loopback = Env.WEBHOOK_ALLOW_LOOPBACK_ADDRESS.optional();
        if (loopback.isEmpty()) {
            return AddressPolicy.PUBLIC_ONLY;
        }
        try {
            // An address literal: getByName does not look it up. allowing() throws unless it is loopback.
            return AddressPolicy.PUBLIC_ONLY.allowing(InetAddress.getByName(loopback.get()));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("WEBHOOK_ALLOW_LOOPBACK_ADDRESS is not an address", e);
        }
    }
}
