package dev.loupe.local.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback proxy in front of DynamoDB that counts, in a {@link DynamoCalls}, the calls passing through it. It is for
 * clients an SDK interceptor of the tests can't reach: each function of the local cloud runs its own copy of the SDK
 * in its own class loader, configured from its environment. Start the local cloud on a back-end whose DynamoDB
 * endpoint is {@link #endpoint()} and every DynamoDB call of its functions is counted (DynamoDB Streams' calls, the
 * event sources' polling, pass through uncounted). Requests and answers pass byte for byte.
 */
public final class DynamoTraffic implements AutoCloseable {
    private static final String DYNAMODB_TARGET = "DynamoDB_20120810.";
    /** What java.net.http sets itself, and hop-by-hop headers. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding", "keep-alive");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI target;
    private final DynamoCalls calls;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private DynamoTraffic(URI target, DynamoCalls calls) throws IOException {
        if (!InetAddress.getByName(target.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("the proxy forwards to loopback only, not " + target);
        }
        this.target = target;
        this.calls = calls;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::forward);
        server.start();
    }

    /** Listens on a free loopback port and forwards to {@code target} (the emulator's endpoint). */
    public static DynamoTraffic start(URI target, DynamoCalls calls) throws IOException {
        return new DynamoTraffic(target, calls);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (operation != null && operation.startsWith(DYNAMODB_TARGET)) {
                count(operation.substring(DYNAMODB_TARGET.length()), body, response);
            }
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    /** As {@link DynamoCalls} counts an SDK call: the same operations, reads and items. */
    private void count(String operation, byte[] requestBody, HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            calls.count(operation, null, 0, 0);
            return;
        }
        JsonNode request = parse(requestBody, false);
        JsonNode answer = parse(response.body(), response.headers().firstValue("Content-Encoding")
                .filter("gzip"::equalsIgnoreCase).isPresent());
        String from = request.hasNonNull("IndexName") ? request.get("IndexName").asText()
                : request.path("TableName").asText(null);
        switch (operation) {
            case "Query", "Scan" -> calls.count(operation, from, answer.path("ScannedCount").asLong(),
                    answer.path("Items").size());
            case "GetItem" -> {
                long items = answer.hasNonNull("Item") ? 1 : 0;
                calls.count(operation, from, items, items);
            }
            case "BatchGetItem" -> {
                long items = 0;
                for (JsonNode table : answer.path("Responses")) {
                    items += table.size();
                }
                calls.count(operation, null, items, items);
            }
            default -> calls.count(operation, null, 0, 0);
        }
    }

    private static JsonNode parse(byte[] body, boolean gzip) {
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(body))
                : new ByteArrayInputStream(body)) {
            return body.length == 0 ? JSON.missingNode() : JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
        client.close();
    }
}
