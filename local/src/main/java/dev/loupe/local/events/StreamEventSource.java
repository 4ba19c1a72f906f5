package dev.loupe.local.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.loupe.local.lambda.Invoker;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.template.FunctionDef;
import dev.loupe.local.template.Template;

import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Lambda's DynamoDB stream event source mappings for the template's {@code Type: DynamoDB} events: one poller
 * thread per subscription, polling the table's stream every {@value StreamPoller#POLL_INTERVAL_MS} ms when idle.
 * See {@link StreamPoller} for the delivery and retry rules.
 */
public final class StreamEventSource implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final List<StreamPoller> pollers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /** @param streams stays the caller's to close, after this source */
    public StreamEventSource(Template template, Provisioned provisioned, DynamoDbStreamsClient streams,
                             Invoker invoker, String region) {
        for (FunctionDef function : template.functions().values()) {
            for (FunctionDef.StreamSource source : function.streamSources()) {
                Optional<String> streamArn = provisioned.streamArn(source.tableId());
                if (streamArn.isEmpty()) {
                    System.err.println("[dynamodb] " + function.logicalId() + " subscribes to " + source.tableId()
                            + ", which has no StreamSpecification: ignored");
                    continue;
                }
                pollers.add(new StreamPoller(source, streamArn.get(), region, streams, invoker));
            }
        }
    }

    public synchronized void start() {
        if (!threads.isEmpty()) {
            return;
        }
        for (StreamPoller poller : pollers) {
            threads.add(Thread.ofVirtual().name("stream-poller-" + threads.size()).start(poller));
        }
        System.out.println("[dynamodb] following streams for " + pollers.size() + " subscription(s)");
    }

    /** Stops polling; a batch being processed finishes (its function is not interrupted). */
    @Override
    public synchronized void close() {
        pollers.forEach(StreamPoller::stop);
        for (Thread thread : threads) {
            try {
                if (!thread.join(STOP_TIMEOUT)) {
                    System.err.println("[dynamodb] " + thread.getName() + " still busy after " + STOP_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }
}
