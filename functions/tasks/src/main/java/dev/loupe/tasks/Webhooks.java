package dev.loupe.tasks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;

import dev.loupe.shared.auth.Authentication;
import dev.loupe.shared.config.Env;
import dev.loupe.shared.fetch.AddressPolicy;
import dev.loupe.shared.fetch.Resolver;
import dev.loupe.shared.fetch.SafeFetcher;
import dev.loupe.shared.storage.AwsClients;
import dev.loupe.shared.task.TaskStore;
import dev.loupe.shared.webhook.WebhookDelivery;

/**
 * The webhook fetcher and sender, built once per container on first use. The address policy is the production one,
 * public addresses only, unless {@code WEBHOOK_ALLOW_LOOPBACK_ADDRESS} names one loopback address (tests on the local
 * cloud, whose receiver listens on 127.0.0.1); {@link AddressPolicy#allowing} refuses anything that is not loopback,
 * so the variable can never open the private network. template.yaml leaves it empty.
 */
final class Webhooks {
    /** The most a failed delivery waits before the next: SQS's own limit on a message delay. */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

    private Webhooks() {
    }

    static SafeFetcher fetcher() {
        return Fetcher.FETCHER;
    }

    static WebhookDelivery delivery() {
        return Sender.DELIVERY;
    }

    static Duration backoff(int receiveCount) {
        return WebhookDelivery.backoff(Duration.ofSeconds(Long.parseLong(Env.WEBHOOK_BACKOFF_SECONDS.required())),
                receiveCount, MAX_BACKOFF);
    }

    static AddressPolicy policy() {
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

    private static final class Fetcher {
        // A receiver gets 15 s in all: the sender's Lambda timeout (30 s) leaves room for the rest.
        static final SafeFetcher FETCHER = new SafeFetcher(policy(), Resolver.SYSTEM, SafeFetcher.Limits.DEFAULTS
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15)));
    }

    private static final class Sender {
        static final WebhookDelivery DELIVERY = new WebhookDelivery(
                new TaskStore(AwsClients.dynamoDb(), Env.TASKS_TABLE.required()),
                publicKey -> Authentication.projects().findByPublicKey(publicKey), Fetcher.FETCHER,
                Clock.systemUTC());
    }
}
