package dev.loupe.auth.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.auth.Project;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.Format;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.TaskApi;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

class ProjectGateTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:20.500Z");
    private static final Instant RESET = Instant.parse("2026-11-23T10:01:00Z");
    private static final ProjectGate.Rate DEPLOYMENT = new ProjectGate.Rate(100, Duration.ofSeconds(60));

    private record Call(String projectId, int limit, Duration window) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final List<String> logged = new ArrayList<>();

    private ProjectGate gate(int used) {
        return new ProjectGate((project, limit, window) -> {
            calls.add(new Call(project, limit, window));
            return new RateLimiter.Decision(used < limit, limit, Math.max(0, limit - used - 1), RESET);
        }, DEPLOYMENT, Clock.fixed(NOW, ZoneOffset.UTC), logged::add);
    }

    private static Project project() {
        return new Project("p1", "pub", "secret", "test", List.of());
    }

    private static HttpRequest request(String sourceIp, Map<String, String> headers) {
        return HttpRequest.from(APIGatewayV2HTTPEvent.builder()
                .withRawPath("/v1/info").withHeaders(new HashMap<>(headers))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("GET").withSourceIp(sourceIp).build())
                        .build())
                .build());
    }

    @Test
    void anAdmittedCallGetsTheRateHeadersOfItsWindow() {
        ProjectGate.Admission admission = gate(4).admit(request("203.0.113.9", Map.of()), project(), false);

        assertThat(admission.headers()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "X-RateLimit-Limit", "100", "X-RateLimit-Remaining", "95",
                "X-RateLimit-Reset", Long.toString(RESET.getEpochSecond())));
        assertThat(calls).containsExactly(new Call("p1", 100, Duration.ofSeconds(60)));
    }

    @Test
    void aProjectsOwnRateReplacesTheDeploymentsLimitAndWindowEachOnItsOwn() {
        gate(0).admit(request("203.0.113.9", Map.of()), project().withRateLimit(5, 2), false);
        gate(0).admit(request("203.0.113.9", Map.of()), project().withRateLimit(7, 0), false);
        gate(0).admit(request("203.0.113.9", Map.of()), project().withRateLimit(0, 10), false);

        assertThat(calls).containsExactly(new Call("p1", 5, Duration.ofSeconds(2)),
                new Call("p1", 7, Duration.ofSeconds(60)), new Call("p1", 100, Duration.ofSeconds(10)));
    }

    @Test
    void pastTheLimitIsA429InTheTaskShapeWithRetryAfterUntilTheWindowEnds() throws Exception {
        ApiError refused = catchThrowableOfType(ApiError.class,
                () -> gate(100).admit(request("203.0.113.9", Map.of()), project(), false));

        assertThat(refused.status()).isEqualTo(429);
        // 39.5 s are left in the window: Retry-After rounds up, so a client that waits it is in the next window.
        assertThat(refused.headers()).containsEntry("Retry-After", "40").containsEntry("X-RateLimit-Remaining", "0")
                .containsEntry("X-RateLimit-Limit", "100")
                .containsEntry("X-RateLimit-Reset", Long.toString(RESET.getEpochSecond()));

        APIGatewayV2HTTPResponse answer = TaskApi.INSTANCE.error(refused, Format.JSON);
        assertThat(answer.getStatusCode()).isEqualTo(429);
        assertThat(answer.getHeaders()).containsEntry("Retry-After", "40").containsEntry("X-RateLimit-Remaining", "0");
        JsonNode error = new ObjectMapper().readTree(answer.getBody()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("HTTP Error");
        assertThat(error.path("code").asInt()).isEqualTo(429);
        assertThat(error.path("reason").asText()).isEqualTo("rate_limited");
        assertThat(error.path("message").asText()).contains("100 requests every 60 s");
    }

    @Test
    void aCallFromOutsideTheProjectsRangesIsRefusedBeforeItIsCounted() {
        Project filtered = project().withFilters(List.of(), List.of("198.51.100.0/24", "2001:db8::/32"));

        ApiError refused = catchThrowableOfType(ApiError.class,
                () -> gate(0).admit(request("203.0.113.9", Map.of()), filtered, false));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("ip_not_allowed");
        assertThat(refused.headers()).isEmpty();
        assertThat(calls).isEmpty();

        gate(0).admit(request("198.51.100.20", Map.of()), filtered, false);
        gate(0).admit(request("2001:db8:1::5", Map.of()), filtered, true);
        assertThat(calls).hasSize(2);
    }

    @Test
    void aStoredRangeThatDoesNotParseMatchesNothing() {
        Project broken = project().withFilters(List.of(), List.of("10.0.0.1/8"));
        assertThatThrownBy(() -> gate(0).admit(request("10.0.0.1", Map.of()), broken, false))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("ip_not_allowed"));
        assertThat(logged).singleElement().asString().contains("does not parse");
    }

    @Test
    void browserTokensAreBoundToTheProjectsOriginsAndBackendCallsAreNot() {
        Project filtered = project().withFilters(List.of("https://app.example.com"), List.of());

        gate(0).admit(request("203.0.113.9", Map.of("origin", "https://app.example.com")), filtered, true);
        gate(0).admit(request("203.0.113.9", Map.of("referer", "https://app.example.com/page")), filtered, true);
        for (Map<String, String> headers : List.of(Map.of("origin", "https://evil.test"), Map.<String, String>of(),
                Map.of("origin", "null", "referer", "https://app.example.com/"))) {
            ApiError refused = catchThrowableOfType(ApiError.class,
                    () -> gate(0).admit(request("203.0.113.9", headers), filtered, true));
            assertThat(refused.status()).as(headers.toString()).isEqualTo(403);
            assertThat(refused.code()).isEqualTo("origin_not_allowed");
        }
        // The project's backend (a token signed with the secret key) sends no Origin and is not bound to one.
        gate(0).admit(request("203.0.113.9", Map.of("origin", "https://evil.test")), filtered, false);
        assertThat(calls).hasSize(3);
    }

    @Test
    void anUnreachableCounterLetsTheCallThroughUncountedAndSaysSo() {
        ProjectGate gate = new ProjectGate((p, l, w) -> {
            throw SdkClientException.create("Unable to execute HTTP request: connection refused");
        }, DEPLOYMENT, Clock.fixed(NOW, ZoneOffset.UTC), logged::add);

        ProjectGate.Admission admission = gate.admit(request("203.0.113.9", Map.of()), project(), false);

        assertThat(admission.headers()).isEmpty();
        assertThat(logged).singleElement().asString().contains("rate limit not counted for project p1");
    }
}
