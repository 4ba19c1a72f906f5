package dev.loupe.functions.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.loupe.auth.limits.RateLimiter;
import dev.loupe.auth.SessionStore;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.testing.NoAws;
import dev.loupe.core.testing.SampleEvent;
import dev.loupe.core.testing.SampleEvents;
import dev.loupe.people.EmailLinks;
import dev.loupe.people.EmailTokens;
import dev.loupe.people.Logins;
import dev.loupe.people.PeopleService;
import dev.loupe.people.UserStore;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The people area's handlers with their sample events: the real services over tables that hold nothing (every
 * write accepted), the real verifier over a test project. Events that need stored users run on the local cloud
 * (SampleEventsTest).
 */
class PeopleHandlersTest {
    private static final DynamoDbClient EMPTY = NoAws.client(DynamoDbClient.class);
    private static final UserStore USERS = new UserStore(EMPTY,
            DynamoDbEnhancedClient.builder().dynamoDbClient(EMPTY).build(), "users");
    private static final SessionStore SESSIONS = new SessionStore(EMPTY, "sessions", Clock.systemUTC());
    private static final PeopleService PEOPLE = new PeopleService(USERS, SESSIONS, Clock.systemUTC());
    private static final Logins LOGINS = new Logins(USERS, SESSIONS,
            new RateLimiter(EMPTY, "limits", Clock.systemUTC()), Clock.systemUTC());

    private static final List<String> MAILED = new CopyOnWriteArrayList<>();
    private static final EmailLinks LINKS = new EmailLinks(USERS, SESSIONS,
            new EmailTokens(EMPTY, "users", Clock.systemUTC()), (to, subject, text) -> MAILED.add(to),
            Clock.systemUTC());

    private static APIGatewayV2HTTPEvent request(SampleEvent event) {
        return event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders());
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("UserRegisterFunction")
    void registerAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new RegisterUser(TestProject.authenticator(), PEOPLE).handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "UserViewFunction", only = {"not-found", "xml"})
    void viewAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new GetUser(TestProject.authenticator(), PEOPLE, (project, user) -> 0).handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "UserSearchFunction", only = "missing-q")
    void searchAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new SearchUsers(TestProject.authenticator(), PEOPLE).handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "UserUpdateFunction", only = "not-found")
    void updateAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new UpdateUser(TestProject.authenticator(), PEOPLE).handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "UserDeleteFunction", only = "not-found")
    void deleteAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new DeleteUser(TestProject.authenticator(), PEOPLE).handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "UserExportFunction", only = "not-found")
    void exportAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new ExportUser(TestProject.authenticator(), PEOPLE, PeopleService.CommentsExport.NONE)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "UserPasswordFunction", only = "not-found")
    void passwordAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new ChangePassword(TestProject.authenticator(), PEOPLE)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("SessionCurrentFunction")
    void currentSessionAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new GetCurrentSession(TestProject.authenticator(), LOGINS, Clock.systemUTC())
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("SessionLoginFunction")
    void loginAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new CreateSession(TestProject.authenticator(), LOGINS, Clock.systemUTC())
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("SessionLogoutFunction")
    void logoutAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new DeleteCurrentSession(TestProject.authenticator(), LOGINS, Clock.systemUTC())
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("PeoplePingFunction")
    void pingAsksForNoToken(SampleEvent event) {
        APIGatewayV2HTTPEvent request = request(event);
        assertThat(request.getHeaders()).doesNotContainKey("authorization");
        event.assertAnswered(new Ping(Clock.systemUTC()).handleRequest(request, null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("PeopleWhoAmIFunction")
    void whoAmIAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new WhoAmI(TestProject.authenticator(), PEOPLE).handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "UserVerificationFunction", only = "not-found")
    void verificationAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new SendVerification(TestProject.authenticator(), LINKS)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("EmailVerifyFunction")
    void theVerificationLinkAsksForNoToken(SampleEvent event) {
        APIGatewayV2HTTPEvent request = request(event);
        assertThat(request.getHeaders()).doesNotContainKey("authorization");
        event.assertAnswered(new VerifyEmail(LINKS).handleRequest(request, null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("PasswordResetRequestFunction")
    void aResetRequestAnswersTheSameForNobody(SampleEvent event) {
        event.assertAnswered(new RequestPasswordReset(TestProject.authenticator(), LINKS)
                .handleRequest(request(event), null));
        assertThat(MAILED).as("no user, no mail").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("PasswordResetFunction")
    void aResetAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new ResetPassword(TestProject.authenticator(), LINKS).handleRequest(request(event), null));
    }
}
