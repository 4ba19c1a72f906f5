package dev.loupe.functions.tasks;

import java.time.Clock;

import dev.loupe.core.config.Env;
import dev.loupe.fetch.AddressPolicy;
import dev.loupe.fetch.Resolver;
import dev.loupe.fetch.SafeFetcher;
import dev.loupe.core.dynamo.DynamoDbClients;
import dev.loupe.s3.S3Clients;
import dev.loupe.task.TaskObjects;
import dev.loupe.task.TaskService;
import dev.loupe.task.TaskSettings;
import dev.loupe.task.TaskStore;

/**
 * The tasks area's services, built once per container on first use. The cloud_file fetcher is built only by the
 * first upload that needs it, and is the production one: public addresses only, the system resolver.
 */
final class Tasks {
    private Tasks() {
    }

    static TaskService service() {
        return Service.SERVICE;
    }

    private static final class Service {
        static final TaskService SERVICE;

        static {
            TaskSettings settings = TaskSettings.fromEnv();
            SERVICE = new TaskService(Store.STORE, Store.OBJECTS, Fetcher::get, settings, Clock.systemUTC());
        }
    }

    private static final class Store {
        static final TaskStore STORE = new TaskStore(DynamoDbClients.client(), Env.TASKS_TABLE.required());
        static final TaskObjects OBJECTS = new TaskObjects(S3Clients.client(), Env.TASK_BUCKET.required());
    }

    private static final class Fetcher {
        static final SafeFetcher FETCHER = new SafeFetcher(AddressPolicy.PUBLIC_ONLY, Resolver.SYSTEM,
                SafeFetcher.Limits.DEFAULTS.withMaxBytes(Service.SERVICE.settings().maxFileBytes()));

        static TaskService.CloudFetcher get() {
            return FETCHER::fetch;
        }
    }
}
