package dev.loupe.local.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.loupe.local.lambda.Invoker;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.template.FunctionDef;
import dev.loupe.local.template.Template;

import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda's SQS event source mappings for the template's {@code Type: SQS} events: one poller thread per
 * subscription, delivering {@code {"Records": [...]}} events through the {@link Invoker} and honouring
 * {@code ReportBatchItemFailures}. See {@link SqsPoller} for the delivery rules.
 */
public final class SqsEventSource implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final List<SqsPoller> pollers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /** @param sqs stays the caller's to close, after this source */
    public SqsEventSource(Template template, Provisioned provisioned, SqsClient sqs, Invoker invoker, String region) {
        for (FunctionDef function : template.functions().values()) {
            for (FunctionDef.SqsSource source : function.sqsSources()) {
                pollers.add(new SqsPoller(source, provisioned.queueUrl(source.queueId()),
                        provisioned.queueArn(source.queueId()), region, sqs, invoker));
            }
        }
    }

    public synchronized void start() {
        if (!threads.isEmpty()) {
            return;
        }
        for (SqsPoller poller : pollers) {
            threads.add(Thread.ofVirtual().name("sqs-poller-" + threads.size()).start(poller));
        }
        System.out.println("[sqs] polling for " + pollers.size() + " subscription(s)");
    }

    /** Stops polling; a batch being processed finishes (its function is not interrupted). */
    @Override
    public synchronized void close() {
        pollers.forEach(SqsPoller::stop);
        for (Thread thread : threads) {
            try {
                if (!thread.join(STOP_TIMEOUT)) {
                    System.err.println("[sqs] " + thread.getName() + " still busy after " + STOP_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }
}
