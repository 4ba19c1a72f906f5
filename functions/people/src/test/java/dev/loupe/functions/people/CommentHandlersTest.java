package dev.loupe.functions.people;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.loupe.auth.limits.RateLimiter;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.testing.NoAws;
import dev.loupe.core.testing.SampleEvent;
import dev.loupe.core.testing.SampleEvents;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.CommentStore;
import dev.loupe.gallery.GalleryStore;
import dev.loupe.gallery.PasswordThrottle;
import dev.loupe.library.ImageStore;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The comment handlers with the sample events that need nothing stored: the real service over tables that hold
 * nothing, the real verifier over a test project. The others run on the local cloud (SampleEventsTest).
 */
class CommentHandlersTest {
    private static final DynamoDbClient EMPTY = NoAws.client(DynamoDbClient.class);
    private static final CommentService COMMENTS = new CommentService(new CommentStore(EMPTY, "galleries"),
            new GalleryStore(EMPTY, "galleries"), new ImageStore(EMPTY, "images"), PasswordThrottle.NONE,
            new RateLimiter(EMPTY, "limits", Clock.systemUTC()), Clock.systemUTC());

    private static APIGatewayV2HTTPEvent request(SampleEvent event) {
        return event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders());
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "GalleryCommentListFunction", only = "not-found")
    void listAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new ListGalleryComments(TestProject.authenticator(), COMMENTS)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("CommentUpdateFunction")
    void editAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new EditComment(TestProject.authenticator(), COMMENTS).handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("CommentDeleteFunction")
    void deleteAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new DeleteComment(TestProject.authenticator(), COMMENTS)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("CommentReportFunction")
    void reportAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new ReportComment(TestProject.authenticator(), COMMENTS)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("CommentReportListFunction")
    void reportListAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new ListCommentReports(TestProject.authenticator(), COMMENTS)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("GalleryMostCommentedFunction")
    void mostCommentedAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new ListMostCommented(TestProject.authenticator(), COMMENTS)
                .handleRequest(request(event), null));
    }
}
