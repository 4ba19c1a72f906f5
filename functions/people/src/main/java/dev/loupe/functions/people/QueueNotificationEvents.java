package dev.loupe.functions.people;

import java.util.List;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.loupe.core.stream.StreamWorker;
import dev.loupe.gallery.NotificationFanOut;
import dev.loupe.sqs.JobQueue;

/**
 * GalleriesTable's stream, second consumer: turns the changes that notify people (images added to a gallery, a
 * gallery published, a comment or reply) into fan-out jobs on NotificationQueue, reading nothing
 * ({@link NotificationFanOut#jobs}). A record delivered again sends the same jobs again, whose notifications have
 * the same keys: the fan-out adds nothing the second time.
 */
public final class QueueNotificationEvents extends StreamWorker {
    private final JobQueue queue;

    public QueueNotificationEvents() {
        this(PeopleWiring.notificationQueue());
    }

    QueueNotificationEvents(JobQueue queue) {
        this.queue = queue;
    }

    @Override
    protected void process(DynamodbEvent.DynamodbStreamRecord record, Log log) {
        var data = record.getDynamodb();
        List<NotificationFanOut.Job> jobs = NotificationFanOut.jobs(image(data.getOldImage()),
                image(data.getNewImage()));
        if (jobs.isEmpty()) {
            return;
        }
        List<NotificationFanOut.Job> unsent = queue.sendAll(jobs);
        if (!unsent.isEmpty()) {
            throw new IllegalStateException(unsent.size() + " fan-out job(s) not sent; the record comes again");
        }
        jobs.forEach(j -> log.line("record " + data.getSequenceNumber() + ": " + j.kind() + " " + j.eventId()
                + " queued"));
    }
}
