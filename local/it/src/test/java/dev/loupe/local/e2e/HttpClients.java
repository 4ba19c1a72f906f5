package dev.loupe.local.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real HTTP to the local cloud, on loopback only. */
final class HttpClients {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpClients() {
    }

    static HttpResponse<String> send(URI base, String method, String path, String token, String contentType,
                                     String body, String accept) throws IOException, InterruptedException {
        if (!base.getHost().equals("127.0.0.1") && !base.getHost().equals("localhost")) {
            throw new IllegalArgumentException("tests talk to loopback only, not " + base);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) request.header("Authorization", "Bearer " + token);
        if (contentType != null) request.header("Content-Type", contentType);
        if (accept != null) request.header("Accept", accept);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The bytes at a loopback URL (a presigned GET of the local S3, say). */
    static HttpResponse<byte[]> sendForBytes(HttpRequest request) throws IOException, InterruptedException {
        String host = request.uri().getHost();
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            throw new IllegalArgumentException("tests talk to loopback only, not " + request.uri());
        }
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
