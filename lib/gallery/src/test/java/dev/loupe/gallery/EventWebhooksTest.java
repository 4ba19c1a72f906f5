package dev.loupe.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.loupe.auth.ProjectKeys;
import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A project's events webhook is offered each event's first fan-out page: queued, then recorded, so that a send that
 * fails records nothing (its redelivery queues the event) and a redelivery after a send queues nothing more. Against
 * DynamoDB Local with the galleries table template.yaml declares.
 */
@ExtendWith(SharedEmulators.class)
class EventWebhooksTest {
    private static DynamoDbClient dynamoDb;
    private static Notifications notifications;
    private final String project = ProjectKeys.newProjectId();
    private final List<EventWebhooks.Event> sent = new ArrayList<>();

    @BeforeAll
    static void provision(Emulators emulators) {
        Backend backend = Backend.of(emulators);
        dynamoDb = backend.dynamoDb();
        Provisioned provisioned;
        try (var sqs = backend.sqs(); var s3 = backend.s3()) {
            provisioned = new Provisioner(dynamoDb, sqs, s3).provision(Fixtures.loupeTemplate());
        }
        notifications = new Notifications(dynamoDb, provisioned.tableName("GalleriesTable"));
    }

    @AfterAll
    static void close() {
        dynamoDb.close();
    }

    private NotificationFanOut.Job firstPage(String eventId) {
        return new NotificationFanOut.Job(project, eventId, NotificationFanOut.IMAGES_ADDED, "2026-12-06T20:00:00Z",
                "user-1", "olive", "harbour", 1L, null, null, 2, "gallery:harbour", null);
    }

    @Test
    void aFailedSendRecordsNothingSoTheRedeliveryQueuesTheEventOnce() {
        var failing = new EventWebhooks(notifications, p -> true, (p, e) -> {
            throw new IllegalStateException("SQS is down");
        }, Clock.systemUTC());
        var working = new EventWebhooks(notifications, p -> true, (p, e) -> sent.add(e), Clock.systemUTC());
        NotificationFanOut.Job job = firstPage("images#harbour#1#2");

        assertThatThrownBy(() -> failing.offer(job)).hasMessageContaining("SQS is down");
        assertThat(notifications.eventWebhookQueued(project, job.eventId())).isFalse();

        assertThat(working.offer(job)).isTrue();
        assertThat(working.offer(job)).isFalse(); // a redelivered first page, or the stream record replayed
        assertThat(sent).extracting(EventWebhooks.Event::id).containsExactly(job.eventId());
        assertThat(sent.getFirst().type()).isEqualTo(NotificationFanOut.IMAGES_ADDED);
    }

    @Test
    void onlyTheFirstPageOfAProjectWithAWebhookQueuesAnything() {
        var noWebhook = new EventWebhooks(notifications, p -> false, (p, e) -> sent.add(e), Clock.systemUTC());
        var withWebhook = new EventWebhooks(notifications, p -> true, (p, e) -> sent.add(e), Clock.systemUTC());
        NotificationFanOut.Job first = firstPage("images#harbour#2#1");

        assertThat(noWebhook.offer(first)).isFalse();
        assertThat(withWebhook.offer(new NotificationFanOut.Job(project, "images#harbour#2#1",
                NotificationFanOut.IMAGES_ADDED, first.at(), "user-1", "olive", "harbour", 1L, null, null, 1,
                "gallery:harbour", "follower-500"))).isFalse();
        assertThat(sent).isEmpty();
        assertThat(notifications.eventWebhookQueued(project, first.eventId())).isFalse();
    }
}
