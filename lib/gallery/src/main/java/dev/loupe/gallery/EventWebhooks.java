package dev.loupe.gallery;

import java.time.Clock;
import java.util.function.Predicate;

/**
 * A project's people events on its {@code events_webhook}: the events the notifications come from (images added to a
 * gallery, a gallery published, a comment or a reply), each queued once for the webhook sender, which signs and
 * retries them as it does a finished task's. The fan-out's first page of an event offers it ({@link #offer}); a
 * record in the galleries table, written once the event is queued ({@link Notifications#recordEventWebhookQueued}),
 * makes a replayed stream record, a redelivered message or a job sent twice queue it no more. Queued first and
 * recorded after, an event is never lost to a fan-out that dies in between; it may then be queued twice, as SQS may
 * deliver anything twice anyway: the body carries the event's {@code id} for a receiver that dedupes.
 */
public final class EventWebhooks {
    /** Queues one event for the project's webhook (WebhookQueue). */
    @FunctionalInterface
    public interface Sender {
        void send(String projectId, Event event);
    }

    /**
     * The event as the webhook receives it (JSON, snake_case). {@code type}: {@code images_added},
     * {@code gallery_published}, {@code comment} or {@code reply}; {@code gallery} or {@code image} names what it
     * happened to; {@code actor} is null for an anonymous comment.
     */
    public record Event(String id, String type, String at, String projectId, String gallery, String image,
                        Actor actor, String commentId, String replyTo, Integer images) {
    }

    /** Who did it: a registered user's id and username. */
    public record Actor(String userId, String username) {
    }

    private final Notifications store;
    private final Predicate<String> projectHasWebhook;
    private final Sender sender;
    private final Clock clock;

    public EventWebhooks(Notifications store, Predicate<String> projectHasWebhook, Sender sender, Clock clock) {
        this.store = store;
        this.projectHasWebhook = projectHasWebhook;
        this.sender = sender;
        this.clock = clock;
    }

    /**
     * Queues the job's event for its project's webhook when this is the event's first page, the project has a
     * webhook and the event was not queued before: true when it was queued now. A failed send throws before anything
     * is recorded, so that the message's redelivery queues it.
     */
    public boolean offer(NotificationFanOut.Job job) {
        if (job.after() != null || !projectHasWebhook.test(job.projectId())
                || store.eventWebhookQueued(job.projectId(), job.eventId())) {
            return false;
        }
        sender.send(job.projectId(), event(job));
        store.recordEventWebhookQueued(job.projectId(), job.eventId(), clock.instant());
        return true;
    }

    static Event event(NotificationFanOut.Job job) {
        Actor actor = job.actorId() == null ? null : new Actor(job.actorId(), job.actorName());
        String gallery = job.gallery();
        String image = null;
        String type = job.kind();
        if (job.audience().startsWith("comment:")) {
            String target = job.audience().substring("comment:".length());
            if (target.startsWith("G#")) {
                gallery = target.substring(2, target.lastIndexOf('#'));
            } else if (target.startsWith("I#")) {
                image = target.substring(2);
            }
            type = job.replyTo() != null ? NotificationFanOut.REPLY : NotificationFanOut.COMMENT;
        }
        return new Event(job.eventId(), type, job.at(), job.projectId(), gallery, image, actor, job.commentId(),
                job.replyTo(), job.images());
    }
}
