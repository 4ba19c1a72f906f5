package dev.loupe.local.events;

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
public final class StreamEventSource extends PollingEventSource {
    /** @param streams stays the caller's to close, after this source */
    public StreamEventSource(Template template, Provisioned provisioned, DynamoDbStreamsClient streams,
                             Invoker invoker, String region, Deliveries deliveries) {
        super("dynamodb");
        for (FunctionDef function : template.functions().values()) {
            for (FunctionDef.StreamSource source : function.streamSources()) {
                Optional<String> streamArn = provisioned.streamArn(source.tableId());
                if (streamArn.isEmpty()) {
                    System.err.println("[dynamodb] " + function.logicalId() + " subscribes to " + source.tableId()
                            + ", which has no StreamSpecification: ignored");
                    continue;
                }
                add(new StreamPoller(source, streamArn.get(), region, streams, invoker, deliveries));
            }
        }
    }
}
