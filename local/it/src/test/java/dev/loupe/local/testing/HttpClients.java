package dev.loupe.local.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Real HTTP to the local cloud, on loopback only: the one HTTP client of the tests. Redirects are not followed
 * (tests look at the 302s themselves). {@link ProjectClient} makes a test class's calls through it. Each JSON answer is
 * checked against the OpenAPI document ({@link OpenApiResponses}).
 */
public final class HttpClients {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpClients() {
    }

    /** One request; null token, content type, body or accept: none. */
    public static HttpResponse<String> send(URI base, String method, String path, String token, String contentType,
                                            String body, String accept) throws IOException, InterruptedException {
        return sendBytes(base, method, path, token, contentType,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                accept == null ? Map.of() : Map.of("Accept", accept));
    }

    /** One request with a body of bytes and any headers; null token, content type or body: none. */
    public static HttpResponse<String> sendBytes(URI base, String method, String path, String token,
                                                 String contentType, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) request.header("Authorization", "Bearer " + token);
        if (contentType != null) request.header("Content-Type", contentType);
        headers.forEach(request::header);
        return send(request.build());
    }

    /** Any request, as built. */
    public static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(loopbackOnly(request), HttpResponse.BodyHandlers.ofString());
        // Every JSON answer of a route the OpenAPI document describes must match its schema there.
        OpenApiResponses.check(request, response);
        return response;
    }

    /** The bytes at a loopback URL (a presigned GET of the local S3, say). */
    public static HttpResponse<byte[]> sendForBytes(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(loopbackOnly(request), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** GET of a loopback URL, as bytes. */
    public static HttpResponse<byte[]> getBytes(URI url) throws IOException, InterruptedException {
        return sendForBytes(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private static HttpRequest loopbackOnly(HttpRequest request) {
        String host = request.uri().getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            throw new IllegalArgumentException("tests talk to loopback only, not " + request.uri());
        }
        return request;
    }
}
