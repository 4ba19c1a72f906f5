package dev.loupe.functions.people;

import java.time.Instant;
import java.util.Optional;

import dev.loupe.gallery.EventWebhooks;
import dev.loupe.gallery.NotificationFanOut;
import dev.loupe.sqs.JobQueue;
import dev.loupe.sqs.QueueWorker;

/**
 * NotificationQueue's consumer: delivers one fan-out job to one page of its recipients
 * ({@link NotificationFanOut#run}), then queues the job for the next page, so that a gallery with any number of
 * followers is a chain of bounded messages. Each notification is a conditional put on a key made of the event and the
 * recipient, so a message delivered twice (or a page redone after a crash before the next page was queued) adds
 * nothing; a job sent twice makes a second chain that adds nothing either. An event's first page also queues it
 * for its project's events webhook, once ({@link EventWebhooks}).
 */
public final class FanOutNotifications extends QueueWorker {
    private final NotificationFanOut fanOut;
    private final JobQueue queue;
    private final EventWebhooks webhooks;

    public FanOutNotifications() {
        this(PeopleWiring.fanOut(), PeopleWiring.notificationQueue(), PeopleWiring.eventWebhooks());
    }

    FanOutNotifications(NotificationFanOut fanOut, JobQueue queue, EventWebhooks webhooks) {
        this.fanOut = fanOut;
        this.queue = queue;
        this.webhooks = webhooks;
    }

    @Override
    protected void process(Delivery delivery, Instant deadline, Log log) {
        Optional<NotificationFanOut.Job> read = readOrDrop(delivery, NotificationFanOut.Job.class, log);
        if (read.isEmpty()) {
            return;
        }
        NotificationFanOut.Job job = read.get();
        if (webhooks.offer(job)) {
            log.line(job.kind() + " " + job.eventId() + ": queued for the project's events webhook");
        }
        NotificationFanOut.Outcome outcome = fanOut.run(job);
        outcome.next().ifPresent(queue::send);
        log.line(job.kind() + " " + job.eventId() + ": " + outcome.delivered() + " notified, " + outcome.already()
                + " had it already" + (outcome.next().isPresent() ? ", next page queued" : ""));
    }
}
