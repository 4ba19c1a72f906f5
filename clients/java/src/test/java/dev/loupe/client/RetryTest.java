package dev.loupe.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a loopback server that answers what each test scripts: retries of what is safe to retry, with
 * the server's Retry-After honoured (the waits are recorded, not slept), no blind retry of a POST, every API family's
 * error shape read into one exception, and upload progress.
 */
class RetryTest {
    /** What the server answers, in order; the last one again when they run out. */
    private record Answer(int status, Map<String, String> headers, String body) {
    }

    private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;
    private LoupeClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        client = LoupeClient.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .keys("pk_test", "sk_test_0123456789abcdef0123456789abcdef").sleeper(waits::add).build();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] request = exchange.getRequestBody().readAllBytes();
        seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + request.length + " "
                + exchange.getRequestHeaders().getFirst("Authorization"));
        Answer answer = script.size() > 1 ? script.poll() : script.peek();
        answer.headers().forEach(exchange.getResponseHeaders()::add);
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private void then(int status, String body, Map<String, String> headers) {
        script.add(new Answer(status, headers, body));
    }

    private static final String TOO_MANY = "{\"error\":{\"status\":429,\"code\":\"too_many_requests\","
            + "\"message\":\"Slow down\"}}";
    private static final String FOLDER = "{\"id\":\"f1\",\"name\":\"Trips\",\"image_count\":3,"
            + "\"created\":\"2026-12-06T10:00:00Z\",\"updated\":\"2026-12-06T10:05:00Z\"}";

    @Test
    void aGetRefusedWith429WaitsTheRetryAfterThenSucceeds() {
        then(429, TOO_MANY, Map.of("Retry-After", "3"));
        then(200, FOLDER, Map.of());

        Folder folder = client.library().folder("f1");

        assertThat(folder.name()).isEqualTo("Trips");
        assertThat(folder.imageCount()).isEqualTo(3);
        assertThat(folder.updated()).isEqualTo("2026-12-06T10:05:00Z");
        assertThat(seen).hasSize(2).allMatch(s -> s.startsWith("GET /v1/folders/f1 0 Bearer ey"));
        assertThat(waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void a503WithoutRetryAfterBacksOffExponentiallyWithJitterUpToTheLastAttempt() {
        then(503, "{\"message\":\"Service Unavailable\"}", Map.of());

        assertThatThrownBy(() -> client.library().folder("f1")).isInstanceOfSatisfying(LoupeException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.getMessage()).isEqualTo("Service Unavailable");
        });

        assertThat(seen).hasSize(5);
        assertThat(waits).hasSize(4);
        // Each wait lies between half and all of 200 ms doubled per attempt.
        for (int i = 0; i < waits.size(); i++) {
            long ceiling = 200L << i;
            assertThat(waits.get(i).toMillis()).isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void aPostIsNotRepeatedAfterA503ButIsAfterA429() {
        then(503, "{\"message\":\"Service Unavailable\"}", Map.of());
        assertThatThrownBy(() -> client.library().createFolder("Trips")).isInstanceOf(LoupeException.class);
        assertThat(seen).hasSize(1);

        script.clear();
        seen.clear();
        then(429, TOO_MANY, Map.of("Retry-After", "1"));
        then(201, FOLDER, Map.of());
        assertThat(client.library().createFolder("Trips").id()).isEqualTo("f1");
        assertThat(seen).hasSize(2).allMatch(s -> s.startsWith("POST /v1/folders 16 "));
    }

    @Test
    void aRetryAfterLongerThanThePolicyAllowsFailsAtOnceWithIt() {
        then(429, TOO_MANY, Map.of("Retry-After", "3600"));

        assertThatThrownBy(() -> client.library().folder("f1")).isInstanceOfSatisfying(LoupeException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.code()).isEqualTo("too_many_requests");
            assertThat(e.retryAfter()).contains(Duration.ofHours(1));
        });
        assertThat(seen).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void aServerThatIsNotThereIsTriedAgainThenNamedAsAConnectionFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        LoupeClient nowhere = LoupeClient.builder(URI.create("http://127.0.0.1:" + closedPort))
                .keys("pk_test", "sk_test_0123456789abcdef0123456789abcdef")
                .retryPolicy(RetryPolicy.defaults().withMaxAttempts(3)).sleeper(waits::add).build();

        // Even a POST: a connection that never opened sent nothing.
        assertThatThrownBy(() -> nowhere.library().createFolder("x")).isInstanceOfSatisfying(LoupeException.class,
                e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.code()).isEqualTo("connection_failed");
                });
        assertThat(waits).hasSize(2);
    }

    @Test
    void everyApiFamilysErrorShapeBecomesOneException() {
        then(404, "{\"errors\":[{\"code\":\"gallery_not_found\",\"message\":\"No gallery walk\"}]}", Map.of());
        assertThatThrownBy(() -> client.galleries().show("walk")).isInstanceOfSatisfying(LoupeException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("gallery_not_found");
            assertThat(e.getMessage()).isEqualTo("No gallery walk");
        });

        script.clear();
        then(400, "{\"error\":{\"type\":\"UploadError\",\"message\":\"task is required\",\"code\":400,"
                + "\"param\":\"task\",\"reason\":\"missing_task\"}}", Map.of());
        assertThatThrownBy(() -> client.tasks().task("t1")).isInstanceOfSatisfying(LoupeException.class, e -> {
            assertThat(e.code()).isEqualTo("missing_task");
            assertThat(e.param()).contains("task");
        });

        script.clear();
        then(400, "{\"error\":{\"ref\":\"107\",\"summary\":\"limit must be 1 to 100\"}}", Map.of());
        assertThatThrownBy(() -> client.imageList().page(ImageQuery.all().withLimit(500), 0))
                .isInstanceOfSatisfying(LoupeException.class, e -> {
                    assertThat(e.code()).isEqualTo("107");
                    assertThat(e.getMessage()).isEqualTo("limit must be 1 to 100");
                });

        script.clear();
        then(401, "{\"error\":{\"status\":401,\"code\":\"token_expired\",\"message\":\"The token expired\","
                + "\"param\":null}}", Map.of());
        assertThatThrownBy(() -> client.library().image("i1")).isInstanceOfSatisfying(LoupeException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.code()).isEqualTo("token_expired");
            assertThat(e.param()).isEmpty();
        });
    }

    @Test
    void anUploadReportsItsFilesBytesUpToTheWholeFileAndIsNotRetriedAfterA503(@TempDir Path dir)
            throws IOException {
        byte[] bytes = new byte[300_000];
        new java.util.Random(7).nextBytes(bytes);
        Path file = Files.write(dir.resolve("photo.jpg"), bytes);
        List<long[]> progress = new CopyOnWriteArrayList<>();
        then(201, "{\"id\":\"i1\",\"file_name\":\"photo.jpg\",\"status\":\"active\",\"file_size\":300000,"
                + "\"created\":\"2026-12-06T10:00:00Z\",\"last_updated\":\"2026-12-06T10:00:00Z\"}", Map.of());

        Image image = client.library().upload(file, (done, total) -> progress.add(new long[] {done, total}));

        assertThat(image.fileSize()).isEqualTo(300_000L);
        assertThat(progress).isNotEmpty().allMatch(p -> p[1] == 300_000 && p[0] <= 300_000);
        assertThat(progress.getLast()[0]).isEqualTo(300_000);
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i)[0]).isGreaterThanOrEqualTo(progress.get(i - 1)[0]);
        }
        assertThat(seen.getFirst()).startsWith("POST /v1/uploads ");

        script.clear();
        seen.clear();
        then(503, "{\"message\":\"Service Unavailable\"}", Map.of());
        assertThatThrownBy(() -> client.library().upload(file, ProgressListener.NONE))
                .isInstanceOf(LoupeException.class);
        assertThat(seen).hasSize(1);
    }
}
