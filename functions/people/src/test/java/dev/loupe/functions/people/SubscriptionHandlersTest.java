package dev.loupe.functions.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.auth.SessionStore;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.testing.NoAws;
import dev.loupe.core.testing.SampleEvent;
import dev.loupe.core.testing.SampleEvents;
import dev.loupe.gallery.BlockLists;
import dev.loupe.gallery.CommentStore;
import dev.loupe.gallery.EventWebhooks;
import dev.loupe.gallery.GalleryStore;
import dev.loupe.gallery.NotificationFanOut;
import dev.loupe.gallery.Notifications;
import dev.loupe.gallery.PasswordThrottle;
import dev.loupe.gallery.SubscriptionService;
import dev.loupe.people.EmailTokens;
import dev.loupe.people.NotificationDigests;
import dev.loupe.people.PeopleService;
import dev.loupe.people.UserStore;
import dev.loupe.sqs.JobQueue;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The subscription and notification handlers with the sample events that need nothing stored: the real services
 * over tables that hold nothing (every write accepted) and a queue that takes every message, the real verifier over
 * a test project. The others run on the local cloud (SampleEventsTest), and the behaviour end to end in
 * SubscriptionsEndToEndTest.
 */
class SubscriptionHandlersTest {
    private static final DynamoDbClient EMPTY = NoAws.client(DynamoDbClient.class);
    private static final GalleryStore GALLERIES = new GalleryStore(EMPTY, "galleries");
    private static final Notifications NOTIFICATIONS = new Notifications(EMPTY, "galleries");
    private static final SubscriptionService SUBSCRIPTIONS = new SubscriptionService(NOTIFICATIONS, GALLERIES,
            PasswordThrottle.NONE, Clock.systemUTC());
    private static final PeopleService PEOPLE = new PeopleService(new UserStore(EMPTY,
            DynamoDbEnhancedClient.builder().dynamoDbClient(EMPTY).build(), "users"),
            new SessionStore(EMPTY, "sessions", Clock.systemUTC()), Clock.systemUTC());
    private static final NotificationDigests DIGESTS = new NotificationDigests(PeopleWiring.inbox(NOTIFICATIONS),
            new UserStore(EMPTY, DynamoDbEnhancedClient.builder().dynamoDbClient(EMPTY).build(), "users"),
            new EmailTokens(EMPTY, "users", Clock.systemUTC()), (to, subject, text) -> {
                throw new AssertionError("nothing to mail");
            });
    private static final JobQueue QUEUE = new JobQueue(NoAws.client(SqsClient.class), "queue");

    private static APIGatewayV2HTTPEvent request(SampleEvent event) {
        return event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders());
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "GallerySubscribeFunction", only = "private-gallery")
    void followGalleryAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new FollowGallery(TestProject.authenticator(), SUBSCRIPTIONS)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "UserSubscribeFunction", only = "not-found")
    void followUserAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new FollowUser(TestProject.authenticator(), SUBSCRIPTIONS, PEOPLE)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("SubscriptionListFunction")
    void listSubscriptionsAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new ListSubscriptions(TestProject.authenticator(), SUBSCRIPTIONS)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("NotificationListFunction")
    void listNotificationsAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new ListNotifications(TestProject.authenticator(), SUBSCRIPTIONS)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("NotificationReadFunction")
    void markReadAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new MarkNotificationsRead(TestProject.authenticator(), SUBSCRIPTIONS)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("NotificationEventsFunction")
    void streamRecordsBecomeJobs(SampleEvent event) throws Exception {
        var answer = new QueueNotificationEvents(QUEUE)
                .handleRequest(event.as(DynamodbEvent.class, TestProject.placeholders()), null);
        assertMatches(event, answer);
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("NotificationFanOutFunction")
    void fanOutAnswersItsSampleEvents(SampleEvent event) throws Exception {
        var answer = new FanOutNotifications(new NotificationFanOut(NOTIFICATIONS, GALLERIES,
                new CommentStore(EMPTY, "galleries"), BlockLists.NONE, Notifications.FOLLOWERS_PAGE), QUEUE,
                // The sample's project has no events webhook: nothing is queued for one.
                new EventWebhooks(NOTIFICATIONS, projectId -> false, (projectId, e) -> {
                    throw new AssertionError("queued for a project without an events webhook");
                }, java.time.Clock.systemUTC()))
                .handleRequest(event.as(SQSEvent.class, TestProject.placeholders()), null);
        assertMatches(event, answer);
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("NotificationSettingsFunction")
    void settingsAnswerTheirSampleEvents(SampleEvent event) {
        event.assertAnswered(new SetNotificationSettings(TestProject.authenticator(), SUBSCRIPTIONS)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("NotificationSettingsGetFunction")
    void settingsAreReadAsTheirSampleEventsSay(SampleEvent event) {
        event.assertAnswered(new GetNotificationSettings(TestProject.authenticator(), SUBSCRIPTIONS)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("DigestUnsubscribeFunction")
    void unsubscribeAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new UnsubscribeDigest(DIGESTS).handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("NotificationDigestFunction")
    void digestRunAnswersItsSampleEvents(SampleEvent event) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> input = new ObjectMapper().readValue(event.json(), Map.class);
        var answer = new SendDigests(DIGESTS).handleRequest(input, null);
        JsonNode node = new ObjectMapper().valueToTree(answer).at(event.expected().path("pointer").asText());
        assertThat(node.asText()).matches(event.expected().path("matches").asText());
    }

    private static void assertMatches(SampleEvent event, Object answer) throws Exception {
        String json = new ObjectMapper().writeValueAsString(answer);
        assertThat(new ObjectMapper().readTree(json).at(event.expected().path("pointer").asText()).toString())
                .matches(event.expected().path("matches").asText());
    }
}
