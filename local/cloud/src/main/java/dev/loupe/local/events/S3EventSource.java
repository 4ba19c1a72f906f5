package dev.loupe.local.events;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.loupe.local.emulators.S3EventListener;
import dev.loupe.local.emulators.S3ObjectEvent;
import dev.loupe.local.lambda.Invoker;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.template.EventPattern;
import dev.loupe.local.template.FunctionDef;
import dev.loupe.local.template.Template;

/**
 * S3's events through EventBridge to the functions of the template's {@code EventBridgeRule} events: every object
 * change in a bucket with EventBridge enabled ({@code NotificationConfiguration: EventBridgeConfiguration:
 * EventBridgeEnabled: true}) becomes the event S3 sends EventBridge ({@code Object Created}, {@code Object Deleted}),
 * delivered to each rule whose pattern it matches. Register it with {@code Emulators.addS3EventListener}.
 *
 * <p>Delivery is asynchronous, as EventBridge invokes Lambda: an invocation that fails is retried twice, as Lambda
 * retries asynchronous invocations, but after {@link #RETRY_DELAYS_MS} rather than Lambda's 1 and 2 minutes, then
 * logged and dropped (there is no dead-letter queue locally). Order between events is not guaranteed, as on AWS.
 */
public final class S3EventSource implements S3EventListener, AutoCloseable {
    static final long[] RETRY_DELAYS_MS = {1_000, 2_000};

    /** One rule with its pattern resolved to physical names. */
    private record Subscription(FunctionDef.EventRule rule, Map<String, Object> pattern) {
    }

    private final List<Subscription> subscriptions = new ArrayList<>();
    private final Set<String> eventBridgeBuckets = new HashSet<>();
    private final Invoker invoker;
    private final String region;
    private final long[] retryDelaysMs;
    private volatile ExecutorService executor;

    public S3EventSource(Template template, Provisioned provisioned, Invoker invoker, String region) {
        this(template, provisioned, invoker, region, RETRY_DELAYS_MS);
    }

    S3EventSource(Template template, Provisioned provisioned, Invoker invoker, String region, long[] retryDelaysMs) {
        this.invoker = invoker;
        this.region = region;
        this.retryDelaysMs = retryDelaysMs.clone();
        template.buckets().forEach((id, properties) -> {
            if (sendsToEventBridge(properties)) {
                eventBridgeBuckets.add(provisioned.bucketName(id));
            }
        });
        for (FunctionDef function : template.functions().values()) {
            for (FunctionDef.EventRule rule : function.eventRules()) {
                subscriptions.add(new Subscription(rule, EventPattern.resolve(rule.pattern(), provisioned.resolver())));
                for (String bucketId : rule.bucketIds()) {
                    if (!sendsToEventBridge(template.buckets().getOrDefault(bucketId, Map.of()))) {
                        System.err.println("[s3] " + function.logicalId() + "." + rule.name() + " names " + bucketId
                                + ", which does not send its events to EventBridge (no NotificationConfiguration:"
                                + " EventBridgeConfiguration: EventBridgeEnabled: true): the rule gets nothing");
                    }
                }
            }
        }
    }

    /** Whether a bucket's properties send its events to EventBridge. */
    public static boolean sendsToEventBridge(Map<String, Object> bucketProperties) {
        Object enabled = Template.map(Template.map(bucketProperties.get("NotificationConfiguration"))
                .get("EventBridgeConfiguration")).get("EventBridgeEnabled");
        return Boolean.TRUE.equals(enabled) || "true".equals(enabled);
    }

    /** Starts delivering; changes seen before are ignored. */
    public synchronized void start() {
        if (executor == null) {
            executor = Executors.newVirtualThreadPerTaskExecutor();
            System.out.println("[s3] " + eventBridgeBuckets.size() + " bucket(s) send events to EventBridge, "
                    + subscriptions.size() + " rule(s)");
        }
    }

    @Override
    public void onS3Event(S3ObjectEvent change) {
        ExecutorService deliveries = executor;
        if (deliveries == null || !eventBridgeBuckets.contains(change.bucket())) {
            return;
        }
        ObjectNode event = S3EventBridgeJson.of(change, region);
        String json = EventJson.write(event);
        for (Subscription subscription : subscriptions) {
            if (EventPattern.matches(subscription.pattern(), event)) {
                try {
                    deliveries.execute(() -> deliver(subscription.rule(), change, json));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    return; // closing
                }
            }
        }
    }

    private void deliver(FunctionDef.EventRule rule, S3ObjectEvent change, String event) {
        String functionId = rule.functionId();
        for (int attempt = 0; ; attempt++) {
            try {
                invoker.invoke(functionId, event);
                System.out.println("[s3] " + functionId + " <- " + change.eventName() + " " + change.bucket() + "/"
                        + change.key());
                return;
            } catch (Invoker.FunctionFailedException | RuntimeException e) {
                if (attempt >= retryDelaysMs.length) {
                    System.err.println("[s3] " + functionId + " failed " + (attempt + 1) + " times on "
                            + change.eventName() + " " + change.bucket() + "/" + change.key() + ", dropped: "
                            + e.getMessage());
                    return;
                }
                System.err.println("[s3] " + functionId + " failed on " + change.eventName() + " " + change.key()
                        + ", retrying in " + retryDelaysMs[attempt] + " ms: " + e.getMessage());
                try {
                    Thread.sleep(retryDelaysMs[attempt]);
                } catch (InterruptedException interrupted) {
                    return; // closing
                }
            }
        }
    }

    /** Stops delivering: waits up to 5 s for deliveries in flight (retries included), then abandons them. */
    @Override
    public synchronized void close() {
        ExecutorService deliveries = executor;
        executor = null;
        if (deliveries != null) {
            deliveries.shutdown();
            try {
                if (!deliveries.awaitTermination(5, TimeUnit.SECONDS)) {
                    deliveries.shutdownNow();
                }
            } catch (InterruptedException e) {
                deliveries.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
