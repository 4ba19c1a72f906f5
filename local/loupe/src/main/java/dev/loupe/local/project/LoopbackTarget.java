package dev.loupe.local.project;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.loupe.fetch.AddressPolicy;
import dev.loupe.local.LocalCloud;
import dev.loupe.local.Seeder;

/**
 * {@code ./loupe run --allow-loopback 127.0.0.1:8099}: the one loopback address and port that webhooks and URL imports
 * may reach on the local cloud, besides public addresses. It becomes {@value #VARIABLE} of every function that
 * declares it (empty in template.yaml, so never on AWS). The local cloud's own API, its emulators and its mailbox are
 * refused at start-up, on any loopback address (DynamoDB Local listens on all of them): a webhook or an import
 * must never reach the services behind the functions.
 */
final class LoopbackTarget {
    /** The functions' variable (Env.LOOPBACK_ALLOWED_TARGET). */
    static final String VARIABLE = "LOOPBACK_ALLOWED_TARGET";
    static final String FLAG = "--allow-loopback";

    private LoopbackTarget() {
    }

    /** The target as the flag gave it, or an IllegalArgumentException that names the flag and what is wrong. */
    static InetSocketAddress parse(String text) {
        try {
            return AddressPolicy.loopbackTarget(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(FLAG + ": " + e.getMessage(), e);
        }
    }

    /**
     * The seeding, after a check that the target named in {@code environment} (if any) is none of the running cloud's
     * own ports: their numbers are known only once the emulators listen, and nothing has called a function yet.
     */
    static Seeder checkedBefore(Map<String, String> environment, Seeder seeder) {
        String text = environment.getOrDefault(VARIABLE, "");
        if (text.isBlank()) {
            return seeder;
        }
        InetSocketAddress target = parse(text);
        return cloud -> {
            refusal(target, ownPorts(cloud)).ifPresent(reason -> {
                throw new IllegalArgumentException(reason);
            });
            List<String> lines = new java.util.ArrayList<>(seeder.seed(cloud));
            if (!lines.isEmpty()) {
                lines.add("  loopback:    webhooks and URL imports may also reach http://" + text(target) + "/ ("
                        + FLAG + ")");
            }
            return lines;
        };
    }

    /** What listens on the cloud's own loopback ports, by port. */
    static Map<Integer, String> ownPorts(LocalCloud cloud) {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(cloud.baseUri().getPort(), "the local cloud's API");
        ports.put(port(cloud.backend().dynamoDbEndpoint()), "DynamoDB Local, an emulator of the local cloud");
        ports.put(port(cloud.backend().sqsEndpoint()), "ElasticMQ (SQS), an emulator of the local cloud");
        ports.put(port(cloud.backend().s3Endpoint()), "S3Proxy (S3), an emulator of the local cloud");
        ports.put(port(cloud.mailbox().endpoint()), "the local cloud's mailbox (SES)");
        return ports;
    }

    /** Why the target can't be allowed when these ports are the cloud's own; empty when it can. */
    static Optional<String> refusal(InetSocketAddress target, Map<Integer, String> ownPorts) {
        String owner = ownPorts.get(target.getPort());
        if (owner == null) {
            return Optional.empty();
        }
        return Optional.of(FLAG + " " + text(target) + ": port " + target.getPort() + " belongs to " + owner
                + ", which webhooks and URL imports must never reach. Give your receiver another port"
                + " (and start it before ./loupe run, so that no emulator picks that port).");
    }

    /** The cloud's options with the target passed to the functions, refusing the API's own port at once. */
    static LocalCloud.Options applied(LocalCloud.Options options, InetSocketAddress target) {
        refusal(target, Map.of(options.port(), "the local cloud's API")).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        Map<String, String> environment = new LinkedHashMap<>(options.environment());
        environment.put(VARIABLE, text(target));
        return options.withEnvironment(environment);
    }

    /** {@code 127.0.0.1:8099}, {@code [::1]:8099}: the form the flag and the variable take. */
    static String text(InetSocketAddress target) {
        String host = target.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + target.getPort();
    }

    private static int port(URI endpoint) {
        return endpoint.getPort();
    }}
