package dev.loupe.local.events;

import java.util.Optional;

import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.lambda.Invoker;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.template.Template;

import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * All of the template's event sources at once: SQS pollers, DynamoDB stream pollers, schedules and, on the embedded
 * emulators, S3's events through EventBridge rules. {@code close()} stops them and closes their clients; close it before the emulators.
 */
public final class EventSources implements AutoCloseable {
    private final SqsClient sqs;
    private final DynamoDbStreamsClient streams;
    private final Optional<Emulators> s3Notifier;
    private final SqsEventSource sqsEvents;
    private final S3EventSource s3Events;
    private final StreamEventSource streamEvents;
    private final ScheduleEventSource schedules;
    private final Deliveries deliveries = new Deliveries();

    private EventSources(Template template, Provisioned provisioned, SqsClient sqs, DynamoDbStreamsClient streams,
                         Optional<Emulators> s3Notifier, String region, Invoker invoker) {
        this.sqs = sqs;
        this.streams = streams;
        this.s3Notifier = s3Notifier;
        this.sqsEvents = new SqsEventSource(template, provisioned, sqs, invoker, region, deliveries);
        this.s3Events = new S3EventSource(template, provisioned, invoker, region);
        this.streamEvents = new StreamEventSource(template, provisioned, streams, invoker, region,
                deliveries);
        this.schedules = new ScheduleEventSource(template, invoker, region);
    }

    /**
     * On any back-end (LocalStack too). S3's events come from the embedded emulators' blob store; on another
     * back-end the template's EventBridge rules get nothing.
     */
    public static EventSources start(Template template, Provisioned provisioned, Backend backend, Invoker invoker) {
        Optional<Emulators> s3Notifier = backend.emulators();
        EventSources sources = new EventSources(template, provisioned, backend.sqs(), backend.dynamoDbStreams(),
                s3Notifier, backend.region(), invoker);
        if (s3Notifier.isPresent()) {
            sources.s3Events.start();
            s3Notifier.get().addS3EventListener(sources.s3Events);
        } else if (template.functions().values().stream().anyMatch(f -> !f.eventRules().isEmpty())) {
            System.err.println("[s3] this back-end does not report object changes: S3's events reach no EventBridge rule");
        }
        sources.sqsEvents.start();
        sources.streamEvents.start();
        sources.schedules.start();
        return sources;
    }

    /** What the stream and queue sources handed to each function, and what their filters dropped. */
    public Deliveries deliveries() {
        return deliveries;
    }

    @Override
    public void close() {
        s3Notifier.ifPresent(emulators -> emulators.removeS3EventListener(s3Events));
        s3Events.close();
        sqsEvents.close();
        streamEvents.close();
        schedules.close();
        sqs.close();
        streams.close();
    }
}
