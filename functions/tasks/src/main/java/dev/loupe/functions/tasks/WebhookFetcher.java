package dev.loupe.functions.tasks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import dev.loupe.core.config.Env;
import dev.loupe.fetch.AddressPolicy;
import dev.loupe.fetch.Resolver;
import dev.loupe.fetch.SafeFetcher;

/**
 * The fetcher that vets webhook URLs (process) and POSTs to them (the sender), built on first use. Its address policy
 * is the production one, public addresses only, unless {@code WEBHOOK_ALLOW_LOOPBACK_ADDRESS} names one loopback
 * address (tests on the local cloud, whose receiver listens on 127.0.0.1); {@link AddressPolicy#allowing} refuses
 * anything that is not loopback, so the variable can never open the private network. template.yaml leaves it empty.
 */
final class WebhookFetcher {
    private WebhookFetcher() {
    }

    static SafeFetcher fetcher() {
        return Fetcher.FETCHER;
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
}
