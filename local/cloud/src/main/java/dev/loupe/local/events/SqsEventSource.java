package dev.loupe.local.events;

import dev.loupe.local.lambda.Invoker;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.template.FunctionDef;
import dev.loupe.local.template.Template;

import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda's SQS event source mappings for the template's {@code Type: SQS} events: {@link #CONCURRENCY} poller
 * threads per subscription, delivering {@code {"Records": [...]}} events through the {@link Invoker} and honouring
 * {@code ReportBatchItemFailures}. See {@link SqsPoller} for the delivery rules.
 */
public final class SqsEventSource extends PollingEventSource {
    /**
     * Pollers per subscription, each receiving and invoking one batch at a time: Lambda starts an SQS mapping with
     * five concurrent batches (and scales up from there), so a queue's messages are processed side by side, not one
     * batch after another. One poller held a 100-file task to one file at a time (docs/PERFORMANCE.md, "A 100-file
     * task").
     */
    static final int CONCURRENCY = 5;

    /** @param sqs stays the caller's to close, after this source */
    public SqsEventSource(Template template, Provisioned provisioned, SqsClient sqs, Invoker invoker, String region,
                          Deliveries deliveries) {
        super("sqs");
        for (FunctionDef function : template.functions().values()) {
            for (FunctionDef.SqsSource source : function.sqsSources()) {
                for (int i = 0; i < CONCURRENCY; i++) {
                    add(new SqsPoller(source, provisioned.queueUrl(source.queueId()),
                            provisioned.queueArn(source.queueId()), region, sqs, invoker, deliveries));
                }
            }
        }
    }
}
