package dev.loupe.local.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.loupe.local.emulators.S3EventListener;
import dev.loupe.local.emulators.S3ObjectEvent;
import dev.loupe.local.lambda.Invoker;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.template.FunctionDef;
import dev.loupe.local.template.Template;

/**
 * S3 bucket notifications to the functions of the template's {@code Type: S3} events. Register it with
 * {@code Emulators.addS3EventListener}; every object change is matched against each subscription's bucket, event
 * types and key prefix/suffix and delivered as a one-record event.
 *
 * <p>Delivery is asynchronous, as S3 invokes Lambda: an invocation that fails is retried twice, as Lambda retries
 * asynchronous invocations, but after {@link #RETRY_DELAYS_MS} rather than Lambda's 1 and 2 minutes, then logged
 * and dropped (there is no on-failure destination locally). Order between events is not guaranteed, as on AWS.
 */
public final class S3EventSource implements S3EventListener, AutoCloseable {
    static final long[] RETRY_DELAYS_MS = {1_000, 2_000};

    /** One subscription with its physical bucket name; configurationId names it in the event as S3 would. */
    private record Subscription(FunctionDef.S3Source source, String bucketName, String configurationId) {
    }

    private final List<Subscription> subscriptions = new ArrayList<>();
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
        for (FunctionDef function : template.functions().values()) {
            int n = 0;
            for (FunctionDef.S3Source source : function.s3Sources()) {
                subscriptions.add(new Subscription(source, provisioned.bucketName(source.bucketId()),
                        function.logicalId() + "-S3-" + (++n)));
            }
        }
    }

    /** Starts delivering; changes seen before are ignored. */
    public synchronized void start() {
        if (executor == null) {
            executor = Executors.newVirtualThreadPerTaskExecutor();
            System.out.println("[s3] notifying " + subscriptions.size() + " subscription(s)");
        }
    }

    @Override
    public void onS3Event(S3ObjectEvent change) {
        ExecutorService deliveries = executor;
        if (deliveries == null) {
            return;
        }
        for (Subscription subscription : subscriptions) {
            if (subscription.bucketName().equals(change.bucket())
                    && subscription.source().matches(change.eventName(), change.key())) {
                String event = S3EventJson.of(change, subscription.configurationId(), region);
                try {
                    deliveries.execute(() -> deliver(subscription, change, event));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    return; // closing
                }
            }
        }
    }

    private void deliver(Subscription subscription, S3ObjectEvent change, String event) {
        String functionId = subscription.source().functionId();
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
