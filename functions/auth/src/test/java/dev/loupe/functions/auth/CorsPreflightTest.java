package dev.loupe.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.testing.SampleEvent;
import dev.loupe.core.testing.SampleEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** {@code OPTIONS /{proxy+}} with the origin index faked: credentials only for an origin some project lists. */
class CorsPreflightTest {
    private static final String LISTED = "https://app.example.test";
    private final CorsPreflight handler = new CorsPreflight(Set.of(LISTED)::contains);

    private static APIGatewayV2HTTPEvent preflight(Map<String, String> headers) {
        return APIGatewayV2HTTPEvent.builder().withRawPath("/v1/galleries").withHeaders(headers)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("OPTIONS")
                                .withPath("/v1/galleries").build()).build())
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("CorsPreflightFunction")
    void answersEachSampleEventAsExpected(SampleEvent event) {
        event.assertAnswered(handler.handleRequest(event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders()),
                null));
    }

    @Test
    void aListedOriginMaySendCredentialsAndAnyOtherOnlyCallsWithout() {
        APIGatewayV2HTTPResponse listed = handler.handleRequest(preflight(Map.of("origin", LISTED,
                "access-control-request-method", "DELETE")), null);
        assertThat(listed.getStatusCode()).isEqualTo(204);
        assertThat(listed.getHeaders()).containsEntry("Access-Control-Allow-Origin", LISTED)
                .containsEntry("Access-Control-Allow-Credentials", "true").containsEntry("Vary", "Origin");
        assertThat(listed.getHeaders().get("Access-Control-Allow-Headers")).contains("x-csrf-token");

        APIGatewayV2HTTPResponse other = handler.handleRequest(preflight(Map.of("origin", "https://evil.example.test",
                "access-control-request-method", "DELETE")), null);
        assertThat(other.getHeaders()).containsEntry("Access-Control-Allow-Origin", "*")
                .doesNotContainKey("Access-Control-Allow-Credentials");
    }

    @Test
    void anOptionsRequestThatIsNoPreflightGetsTheAllowedMethodsOnly() {
        APIGatewayV2HTTPResponse plain = handler.handleRequest(preflight(Map.of()), null);
        assertThat(plain.getStatusCode()).isEqualTo(204);
        assertThat(plain.getHeaders()).containsKey("Allow").doesNotContainKey("Access-Control-Allow-Origin");
    }
}
