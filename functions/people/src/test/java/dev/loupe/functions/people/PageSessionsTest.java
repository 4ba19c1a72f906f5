package dev.loupe.functions.people;

import java.time.Clock;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.loupe.auth.SessionStore;
import dev.loupe.auth.limits.RateLimiter;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.testing.NoAws;
import dev.loupe.core.testing.SampleEvent;
import dev.loupe.core.testing.SampleEvents;
import dev.loupe.people.Logins;
import dev.loupe.people.UserStore;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The gallery page's sign-in and sign-out forms with the sample events that need no stored user: a form posted from
 * another site, a sign-out without a session. The wrong password runs on the local cloud (SampleEventsTest).
 */
class PageSessionsTest {
    private static final DynamoDbClient EMPTY = NoAws.client(DynamoDbClient.class);
    private static final UserStore USERS = new UserStore(EMPTY,
            DynamoDbEnhancedClient.builder().dynamoDbClient(EMPTY).build(), "users");
    private static final SessionStore SESSIONS = new SessionStore(EMPTY, "sessions", Clock.systemUTC());
    private static final PageSessions PAGE_SESSIONS = new PageSessions(TestProject.authenticator(),
            id -> Optional.empty(), new Logins(USERS, SESSIONS, new RateLimiter(EMPTY, "limits", Clock.systemUTC()),
            Clock.systemUTC()), Clock.systemUTC());

    private static APIGatewayV2HTTPEvent request(SampleEvent event) {
        return event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders());
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "SessionPageSignInFunction", only = "other-site")
    void signInRefusesAFormFromAnotherSite(SampleEvent event) {
        event.assertAnswered(new SignInFromPage(PAGE_SESSIONS).handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("SessionPageSignOutFunction")
    void signOutWithoutASessionGoesBackToThePage(SampleEvent event) {
        event.assertAnswered(new SignOutFromPage(PAGE_SESSIONS).handleRequest(request(event), null));
    }
}
