package dev.loupe.local.tools;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

import dev.loupe.local.LocalCloud;
import dev.loupe.local.gateway.HttpGateway;

/**
 * A local cloud that {@code ./loupe run} started on this machine, found through the file it writes while it runs
 * ({@link LocalCloud#ENDPOINT_FILE}): its address and its admin key, which the administration's routes and the
 * invoke route ask for.
 */
record RunningCloud(URI url, String adminKey) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The running cloud, if the file is there and the cloud answers (a killed one leaves its file behind). */
    static Optional<RunningCloud> find(Path dataDir) {
        Path file = dataDir.resolve(LocalCloud.ENDPOINT_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunningCloud cloud = new RunningCloud(URI.create(properties.getProperty("url")),
                properties.getProperty("admin_key"));
        try {
            HTTP.send(HttpRequest.newBuilder(cloud.url().resolve("/")).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return Optional.of(cloud);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A call as an operator: with the admin key, which stands in for a SigV4 signature locally. */
    HttpResponse<String> send(String method, String path, String jsonBody) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(60))
                .header(HttpGateway.ADMIN_KEY_HEADER, adminKey);
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
