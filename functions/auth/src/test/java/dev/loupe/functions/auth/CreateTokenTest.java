package dev.loupe.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.loupe.auth.limits.ProjectGate;
import dev.loupe.auth.limits.RateLimiter;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.testing.SampleEvent;
import dev.loupe.core.testing.SampleEvents;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * {@code POST /v1/auth} with its sample events, the project directory and the gate faked: a public route, so none
 * of its events carries a token, and a known public key gets one.
 */
class CreateTokenTest {
    private final CreateToken handler = new CreateToken(TestProject.directory(), Clock.systemUTC(),
            () -> new ProjectGate((project, limit, window) -> new RateLimiter.Decision(true, limit, limit - 1,
                    Instant.now().plus(window)), new ProjectGate.Rate(100, Duration.ofMinutes(1)), Clock.systemUTC(),
                    line -> { }));

    @ParameterizedTest(name = "{0}")
    @SampleEvents("AuthCreateTokenFunction")
    void answersEachSampleEventAsExpected(SampleEvent event) {
        APIGatewayV2HTTPEvent request = event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders());

        assertThat(request.getHeaders()).as("a public route's event").doesNotContainKey("authorization");
        event.assertAnswered(handler.handleRequest(request, null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("AuthCreateTokenFunction")
    void makesNoTokenWhenAskedForTheDebugEcho(SampleEvent event) {
        APIGatewayV2HTTPEvent request = event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders());
        String body = handler.handleRequest(request, null).getBody();

        boolean debug = request.getBody().contains("\"debug\":true");
        assertThat(body.contains("\"token\"")).as(body).isEqualTo(!debug && !body.contains("unknown_key"));
        if (debug) {
            assertThat(body).contains("\"public_key\"").contains("\"method\":\"POST\"");
        }
    }
}
