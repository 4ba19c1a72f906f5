package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.LocalCloud;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.LoupeRoot;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The task API's limits and filters over HTTP on the local cloud (its documented "Rate Limiting" and "IP and domain
 * filtering"): the X-RateLimit-* headers on answers and errors, the count going down, 429 with Retry-After past a
 * project's limit and a new window letting calls through again, projects counted apart, calls from outside a
 * project's IP ranges refused (the local gateway's sourceIp is 127.0.0.1, as a client on loopback is), and browser
 * tokens bound to the project's origins. The deployment's rate is lowered to 50 per 30 s through the template's
 * TASK_RATE_LIMIT and TASK_RATE_WINDOW_SECONDS; some projects have their own, smaller one.
 */
class TaskLimitsTest {
    private static final ObjectMapper JSON = ProjectClient.JSON;
    private static final int DEPLOYMENT_LIMIT = 50;
    private static final int DEPLOYMENT_WINDOW = 30;
    private static LoupeCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        // A cloud of its own, not the shared one (SharedLoupeCloud): a small deployment-wide rate limit, which would
        // throttle every other class on a shared cloud.
        cloud = LoupeCloud.start(LocalCloud.Options.forTests(LoupeRoot.path()).withEnvironment(Map.of(
                "TASK_RATE_LIMIT", Integer.toString(DEPLOYMENT_LIMIT),
                "TASK_RATE_WINDOW_SECONDS", Integer.toString(DEPLOYMENT_WINDOW))));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) cloud.close();
    }

    private static Project newProject(UnaryOperator<Project> settings) {
        Project project = settings.apply(new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), "limits", List.of()));
        cloud.projects().create(project, Instant.now());
        return project;
    }

    private static String backendToken(Project project) {
        return TokenIssuer.backendToken(project, Clock.systemUTC(), null, null, null);
    }

    private static HttpResponse<String> send(String method, String path, String token, Map<String, String> headers,
                                             String jsonBody) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (token != null) request.header("Authorization", "Bearer " + token);
        if (jsonBody != null) request.header("Content-Type", "application/json");
        headers.forEach(request::header);
        return HttpClients.send(request.build());
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token, Map.of(), null);
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static int remaining(HttpResponse<String> response) {
        return Integer.parseInt(header(response, "X-RateLimit-Remaining"));
    }

    private static JsonNode error(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("error");
    }

    /** Waits, if need be, until at least {@code seconds} are left in the current window of {@code window} s. */
    private static void awaitRoomInWindow(int window, int seconds) throws InterruptedException {
        long now = System.currentTimeMillis();
        long left = window * 1000L - now % (window * 1000L);
        if (left < seconds * 1000L) {
            Thread.sleep(left + 50);
        }
    }

    @Test
    void answersAndErrorsCarryTheRateHeadersAndTheCountGoesDown() throws Exception {
        HttpResponse<String> info = null, missing = null, badUpload = null, debug = null;
        // The four calls must fall in one window. On a loaded machine (cold functions) they may straddle two
        // although 10 s were left: then again, with a new project (fresh counts), up to three times.
        for (int attempt = 0; attempt < 3; attempt++) {
            Project project = newProject(p -> p);
            String token = backendToken(project);
            awaitRoomInWindow(DEPLOYMENT_WINDOW, 10);
            info = send("GET", "/v1/info", token, Map.of("Origin", "https://app.example.com"), null);
            missing = get("/v1/task/no-such-task", token);
            badUpload = send("POST", "/v1/upload", token, Map.of(), "{\"task\": \"\"}");
            debug = get("/v1/start/resizeimage?debug=true", token);
            if (Objects.equals(header(info, "X-RateLimit-Reset"), header(debug, "X-RateLimit-Reset"))) {
                break;
            }
        }

        assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
        assertThat(missing.statusCode()).as(missing.body()).isEqualTo(404);
        assertThat(badUpload.statusCode()).as(badUpload.body()).isEqualTo(400);
        assertThat(debug.statusCode()).as(debug.body()).isEqualTo(200);
        long reset = Long.parseLong(header(info, "X-RateLimit-Reset"));
        for (HttpResponse<String> answer : List.of(info, missing, badUpload, debug)) {
            assertThat(header(answer, "X-RateLimit-Limit")).as(answer.uri().toString())
                    .isEqualTo(Integer.toString(DEPLOYMENT_LIMIT));
            // Unix seconds of the end of the window: windows start at multiples of their length.
            assertThat(Long.parseLong(header(answer, "X-RateLimit-Reset"))).isEqualTo(reset);
        }
        assertThat(reset % DEPLOYMENT_WINDOW).isZero();
        assertThat(reset - Instant.now().getEpochSecond()).isBetween(1L, (long) DEPLOYMENT_WINDOW);
        assertThat(List.of(remaining(info), remaining(missing), remaining(badUpload), remaining(debug)))
                .containsExactly(DEPLOYMENT_LIMIT - 1, DEPLOYMENT_LIMIT - 2, DEPLOYMENT_LIMIT - 3,
                        DEPLOYMENT_LIMIT - 4);
        // A browser page can read them: the API exposes them to CORS.
        assertThat(header(info, "Access-Control-Expose-Headers")).contains("x-ratelimit-remaining",
                "x-ratelimit-reset", "x-ratelimit-limit", "retry-after");
        // Without a valid token there is no project to count for, and nothing about any project's rate is said.
        HttpResponse<String> anonymous = get("/v1/info", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("X-RateLimit-Limit")).isEmpty();
    }

    @Test
    void pastItsLimitAProjectGets429WithRetryAfterAndTheNextWindowLetsItThroughAgain() throws Exception {
        Project project = newProject(p -> p.withRateLimit(3, 2));
        String token = backendToken(project);

        HttpResponse<String> refused = null;
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12 && refused == null; i++) {
            HttpResponse<String> answer = get("/v1/info", token);
            statuses.add(answer.statusCode());
            assertThat(header(answer, "X-RateLimit-Limit")).isEqualTo("3");
            if (answer.statusCode() == 429) {
                refused = answer;
            }
        }
        assertThat(refused).as("no 429 in %s", statuses).isNotNull();
        assertThat(statuses.subList(statuses.size() - 4, statuses.size())).containsExactly(200, 200, 200, 429);
        JsonNode error = error(refused);
        assertThat(error.path("type").asText()).isEqualTo("HTTP Error");
        assertThat(error.path("code").asInt()).isEqualTo(429);
        assertThat(error.path("reason").asText()).isEqualTo("rate_limited");
        assertThat(header(refused, "X-RateLimit-Remaining")).isEqualTo("0");
        long retryAfter = Long.parseLong(header(refused, "Retry-After"));
        assertThat(retryAfter).isBetween(1L, 2L);
        // Retry-After is the time until X-RateLimit-Reset, rounded up.
        assertThat(Long.parseLong(header(refused, "X-RateLimit-Reset")) - Instant.now().getEpochSecond())
                .isBetween(retryAfter - 1, retryAfter);

        Thread.sleep(retryAfter * 1000 + 100);
        HttpResponse<String> again = get("/v1/info", token);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(remaining(again)).isEqualTo(2);
    }

    @Test
    void eachProjectIsCountedOnItsOwn() throws Exception {
        Project first = newProject(p -> p.withRateLimit(2, 20));
        Project second = newProject(p -> p.withRateLimit(2, 20));
        awaitRoomInWindow(20, 8);

        assertThat(get("/v1/info", backendToken(first)).statusCode()).isEqualTo(200);
        assertThat(get("/v1/info", backendToken(first)).statusCode()).isEqualTo(200);
        assertThat(get("/v1/info", backendToken(first)).statusCode()).isEqualTo(429);

        HttpResponse<String> other = get("/v1/info", backendToken(second));
        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
        assertThat(remaining(other)).isEqualTo(1);
    }

    @Test
    void callsFromOutsideTheProjectsIpRangesAreRefused() throws Exception {
        Project elsewhere = newProject(p -> p.withFilters(List.of(), List.of("203.0.113.0/24", "2001:db8::/32")));
        Project loopback = newProject(p -> p.withFilters(List.of(), List.of("2001:db8::/32", "127.0.0.0/8")));

        for (HttpResponse<String> refused : List.of(get("/v1/info", backendToken(elsewhere)),
                get("/v1/start/resizeimage", backendToken(elsewhere)),
                send("POST", "/v1/auth", null, Map.of(), "{\"public_key\": \"" + elsewhere.publicKey() + "\"}"))) {
            assertThat(refused.statusCode()).as(refused.uri() + " " + refused.body()).isEqualTo(403);
            assertThat(error(refused).path("type").asText()).isEqualTo("HTTP Error");
            assertThat(error(refused).path("reason").asText()).isEqualTo("ip_not_allowed");
            assertThat(error(refused).path("message").asText()).contains("127.0.0.1");
            // Refused before the count: it learns nothing of the project's rate.
            assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).isEmpty();
        }

        HttpResponse<String> allowed = get("/v1/start/resizeimage", backendToken(loopback));
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(JSON.readTree(allowed.body()).path("task").asText()).isNotEmpty();
        assertThat(header(allowed, "X-RateLimit-Remaining")).isNotNull();
    }

    @Test
    void browserTokensAreBoundToTheProjectsOrigins() throws Exception {
        Project project = newProject(p -> p.withFilters(List.of("https://app.example.com", "http://localhost:5173"),
                List.of()));
        String body = "{\"public_key\": \"" + project.publicKey() + "\"}";

        HttpResponse<String> foreign = send("POST", "/v1/auth", null, Map.of("Origin", "https://evil.test"), body);
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
        assertThat(error(foreign).path("reason").asText()).isEqualTo("origin_not_allowed");
        HttpResponse<String> nowhere = send("POST", "/v1/auth", null, Map.of(), body);
        assertThat(nowhere.statusCode()).as(nowhere.body()).isEqualTo(403);

        HttpResponse<String> auth = send("POST", "/v1/auth", null, Map.of("Origin", "https://app.example.com"), body);
        assertThat(auth.statusCode()).as(auth.body()).isEqualTo(200);
        assertThat(header(auth, "X-RateLimit-Remaining")).isNotNull();
        String browserToken = JSON.readTree(auth.body()).path("token").asText();

        HttpResponse<String> listed = send("GET", "/v1/info", browserToken,
                Map.of("Origin", "https://app.example.com"), null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        HttpResponse<String> byReferer = send("GET", "/v1/start/resizeimage", browserToken,
                Map.of("Referer", "http://localhost:5173/editor?x=1"), null);
        assertThat(byReferer.statusCode()).as(byReferer.body()).isEqualTo(200);

        for (Map<String, String> headers : List.of(Map.of("Origin", "https://evil.test"),
                Map.of("Origin", "http://app.example.com"), Map.<String, String>of())) {
            HttpResponse<String> refused = send("GET", "/v1/start/resizeimage", browserToken, headers, null);
            assertThat(refused.statusCode()).as(headers + " " + refused.body()).isEqualTo(403);
            assertThat(error(refused).path("reason").asText()).isEqualTo("origin_not_allowed");
        }
        // The project's backend signs its own tokens with the secret key and sends no Origin: not bound to one.
        HttpResponse<String> backend = send("GET", "/v1/info", backendToken(project),
                Map.of("Origin", "https://evil.test"), null);
        assertThat(backend.statusCode()).as(backend.body()).isEqualTo(200);
    }

    @Test
    void aProjectWhoseRangesOrOriginsDoNotParseIsNotStored() {
        Project base = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(), ProjectKeys.newSecretKey(),
                "limits", List.of());
        assertThatThrownBy(() -> cloud.projects().create(base.withFilters(List.of(), List.of("10.0.0.1/8")),
                Instant.now())).hasMessageContaining("bits set after");
        assertThatThrownBy(() -> cloud.projects().create(base.withFilters(List.of("app.example.com"), List.of()),
                Instant.now())).hasMessageContaining("not an origin");
        assertThat(cloud.projects().findByPublicKey(base.publicKey())).isEmpty();

        Project stored = base.withFilters(List.of("https://app.example.com"), List.of("2001:db8::/32"))
                .withRateLimit(7, 3);
        cloud.projects().create(stored, Instant.now());
        assertThat(cloud.projects().findByPublicKey(base.publicKey())).contains(stored);
    }
}
