package dev.loupe.functions.admin;

import java.time.Clock;
import java.util.List;

import dev.loupe.auth.Authentication;
import dev.loupe.core.Lazy;
import dev.loupe.core.config.Env;
import dev.loupe.core.dynamo.DynamoDbClients;
import dev.loupe.fetch.AddressPolicy;
import dev.loupe.fetch.Resolver;
import dev.loupe.fetch.SafeFetcher;
import dev.loupe.webhooks.EventsWebhookUrl;
import dev.loupe.s3.S3Clients;
import dev.loupe.sqs.JobQueue;
import dev.loupe.sqs.SqsClients;

/**
 * How the administration's handlers get their services: the projects table (the one function family allowed more
 * than GetItem on it), the purge queue, and for the purge worker the tables and buckets a project's data lives in.
 */
final class AdminWiring {
    private static final Lazy<ProjectAdministration> ADMINISTRATION = new Lazy<>();
    private static final Lazy<ProjectAdministration> SETTING = new Lazy<>();
    private static final Lazy<ProjectAdministration> DELETING = new Lazy<>();
    private static final Lazy<ProjectPurge> PURGE = new Lazy<>();
    private static final Lazy<SafeFetcher> WEBHOOK_VETTER = new Lazy<>();

    private AdminWiring() {
    }

    /**
     * For list, view and rotate: these functions have no purge queue (nor its variable, nor a grant to it), and set
     * no settings.
     */
    static ProjectAdministration administration() {
        return ADMINISTRATION.get(() -> new ProjectAdministration(AdminProjects.of(Authentication.projects()),
                message -> {
                    throw new IllegalStateException("only the delete function queues purges");
                }, Clock.systemUTC()));
    }

    /**
     * For create and update, which set settings: as {@link #administration()}, and an {@code events_webhook} is
     * checked as the task webhooks are, by a fetcher whose policy LOOPBACK_ALLOWED_TARGET sets (empty on AWS: public
     * addresses only; only these two functions have the variable).
     */
    static ProjectAdministration settingAdministration() {
        return SETTING.get(() -> new ProjectAdministration(AdminProjects.of(Authentication.projects()),
                message -> {
                    throw new IllegalStateException("only the delete function queues purges");
                }, Clock.systemUTC(), url -> EventsWebhookUrl.check(webhookVetter(), url)));
    }

    private static SafeFetcher webhookVetter() {
        return WEBHOOK_VETTER.get(() -> new SafeFetcher(AddressPolicy.fromEnv(), Resolver.SYSTEM,
                SafeFetcher.Limits.DEFAULTS));
    }

    /** For the delete: queues the purge of the deleted project's data. */
    static ProjectAdministration deleting() {
        return DELETING.get(() -> new ProjectAdministration(AdminProjects.of(Authentication.projects()),
                message -> purgeQueue().send(message), Clock.systemUTC()));
    }

    static ProjectPurge purge() {
        return PURGE.get(() -> new ProjectPurge(DynamoDbClients.client(), S3Clients.client(),
                List.of(new ProjectPurge.TableStep(Env.GALLERIES_TABLE.required(), List.of("pk", "sk")),
                        new ProjectPurge.TableStep(Env.IMAGES_TABLE.required(), List.of("pk", "sk")),
                        new ProjectPurge.TableStep(Env.TASKS_TABLE.required(), List.of("pk", "sk")),
                        new ProjectPurge.TableStep(Env.RATE_LIMITS_TABLE.required(), List.of("pk")),
                        new ProjectPurge.TableStep(Env.USERS_TABLE.required(), List.of("pk", "sk")),
                        new ProjectPurge.TableStep(Env.SESSIONS_TABLE.required(), List.of("pk"))),
                List.of(new ProjectPurge.ObjectStep(Env.IMAGE_BUCKET.required(), "originals/"),
                        new ProjectPurge.ObjectStep(Env.IMAGE_BUCKET.required(), "thumbnails/"),
                        new ProjectPurge.ObjectStep(Env.IMAGE_BUCKET.required(), "exports/"),
                        new ProjectPurge.ObjectStep(Env.TASK_BUCKET.required(), "tasks/")),
                (message, delay) -> purgeQueue().send(message, delay)));
    }

    private static JobQueue purgeQueue() {
        return new JobQueue(SqsClients.client(), Env.PROJECT_PURGE_QUEUE_URL.required());
    }
}
