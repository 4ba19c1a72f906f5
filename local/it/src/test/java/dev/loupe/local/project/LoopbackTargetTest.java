package dev.loupe.local.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.local.LocalCloud;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.Seeder;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./loupe run --allow-loopback}: a cloud of its own whose functions may reach one file server on 127.0.0.1
 * (LOOPBACK_ALLOWED_TARGET, as the flag sets it). URL imports (the library's and the task API's cloud_file) fetch from
 * it; the same address on another port and another loopback address stay refused without a connection; the local
 * cloud's API and emulators are refused at start-up. (Webhooks under the same variable: TaskWebhookTest.)
 */
class LoopbackTargetTest {
    private static LoupeCloud cloud;
    private static ProjectClient client;
    private static HttpServer files;
    private static HttpServer otherPort;
    private static final AtomicInteger fileHits = new AtomicInteger();
    private static final AtomicInteger otherPortHits = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        byte[] jpeg = TestFiles.image("jpg", 40, 30);
        files = server(jpeg, fileHits);
        otherPort = server(jpeg, otherPortHits);
        cloud = LoupeCloud.start(LoopbackTarget.applied(LocalCloud.Options.forTests(LoupeRoot.path()),
                LoopbackTarget.parse("127.0.0.1:" + files.getAddress().getPort())));
        client = ProjectClient.newProject(cloud, "loopback");
    }

    private static HttpServer server(byte[] jpeg, AtomicInteger hits) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
                exchange.sendResponseHeaders(200, jpeg.length);
                exchange.getResponseBody().write(jpeg);
            }
        });
        server.start();
        return server;
    }

    @AfterAll
    static void stop() {
        if (cloud != null) cloud.close();
        if (files != null) files.stop(0);
        if (otherPort != null) otherPort.stop(0);
    }

    private static String at(HttpServer server, String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void aUrlImportFetchesFromTheAllowedAddressAndPort() throws Exception {
        // A refused call first: the function's cold start (slow on a busy machine) is not the import's 29 s.
        assertThat(client.postJson("/v1/imports", "{\"url\":\"http://127.0.0.2/a.jpg\"}").statusCode())
                .isEqualTo(400);
        int before = fileHits.get();
        var imported = client.postJson("/v1/imports", "{\"url\":\"" + at(files, "/walk.jpg") + "\"}");

        JsonNode answer = ProjectClient.json(imported, 201);
        assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("active");
        assertThat(answer.path("file_name").asText()).isEqualTo("walk.jpg");
        assertThat(fileHits.get()).isEqualTo(before + 1);
    }

    @Test
    void theSameAddressOnAnotherPortAndAnotherLoopbackAddressAreRefusedWithoutAConnection() throws Exception {
        for (String url : List.of(at(otherPort, "/a.jpg"), "http://127.0.0.1/a.jpg",
                "http://127.0.0.2:" + files.getAddress().getPort() + "/a.jpg",
                "http://[::1]:" + files.getAddress().getPort() + "/a.jpg",
                cloud.baseUri().resolve("/v1/info").toString(), cloud.backend().s3Endpoint() + "/a.jpg")) {
            var refused = client.postJson("/v1/imports", "{\"url\":\"" + url + "\"}");
            assertThat(refused.statusCode()).as(url + ": " + refused.body()).isEqualTo(400);
            assertThat(ProjectClient.json(refused).at("/error/code").asText()).as(url).isEqualTo("forbidden_address");
        }
        assertThat(otherPortHits).hasValue(0);
    }

    @Test
    void aTaskCloudFileIsFetchedFromTheAllowedTargetOnly() throws Exception {
        String task = ProjectClient.json(client.get("/v1/start/compressimage"), 200).path("task").asText();

        var uploaded = client.postJson("/v1/upload", ProjectClient.JSON.writeValueAsString(
                Map.of("task", task, "cloud_file", at(files, "/cloud.jpg"))));
        assertThat(ProjectClient.json(uploaded, 200).path("server_filename").asText()).isNotBlank();

        var refused = client.postJson("/v1/upload", ProjectClient.JSON.writeValueAsString(
                Map.of("task", task, "cloud_file", at(otherPort, "/cloud.jpg"))));
        JsonNode error = ProjectClient.json(refused, 400);
        assertThat(error.at("/error/reason").asText()).isEqualTo("forbidden_address");
        assertThat(otherPortHits).hasValue(0);
    }

    @Test
    void theCloudsOwnPortsAreRefusedAtStartUp() throws Exception {
        Map<Integer, String> own = LoopbackTarget.ownPorts(cloud.cloud());
        assertThat(own).hasSize(5).containsValue("the local cloud's API")
                .containsKey(cloud.backend().s3Endpoint().getPort())
                .containsKey(cloud.backend().dynamoDbEndpoint().getPort());
        for (int port : own.keySet()) {
            // What the seeding runs first at start-up, on this running cloud's own ports, on any loopback address.
            for (String address : List.of("127.0.0.1", "127.0.0.2")) {
                Seeder checked = LoopbackTarget.checkedBefore(
                        Map.of(LoopbackTarget.VARIABLE, address + ":" + port), Seeder.NONE);
                assertThatThrownBy(() -> checked.seed(cloud.cloud())).as(address + ":" + port)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("--allow-loopback " + address + ":" + port + ": port " + port
                                + " belongs to ")
                        .hasMessageContaining(own.get(port));
            }
        }
        assertThat(LoopbackTarget.checkedBefore(Map.of(LoopbackTarget.VARIABLE,
                "127.0.0.1:" + files.getAddress().getPort()), Seeder.NONE).seed(cloud.cloud())).isEmpty();
    }

    @Test
    void aTargetOnTheApisPortIsRefusedBeforeTheStartAndByTheStart() throws Exception {
        int apiPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            apiPort = free.getLocalPort();
        }
        LocalCloud.Options options = LocalCloud.Options.forTests(LoupeRoot.path()).withPort(apiPort);
        assertThatThrownBy(() -> LoopbackTarget.applied(options, LoopbackTarget.parse("127.0.0.1:" + apiPort)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port " + apiPort + " belongs to the local cloud's API");
        // Started with the check in its seeding: a target on the API's port never gets a running cloud.
        assertThatThrownBy(() -> LoupeCloud.start(options.withEnvironment(Map.of(LoopbackTarget.VARIABLE,
                "127.0.0.1:" + apiPort)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the local cloud's API");
        try (ServerSocket again = new ServerSocket(apiPort, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).as("the failed start closed its API").isEqualTo(apiPort);
        }
    }

    @Test
    void theFlagTakesOneLoopbackAddressAndPort() {
        assertThat(LoopbackTarget.text(LoopbackTarget.parse("127.0.0.1:8099"))).isEqualTo("127.0.0.1:8099");
        for (String wrong : List.of("8099", "127.0.0.1", "localhost:8099", "10.0.0.1:8099", "127.0.0.1:70000")) {
            assertThatThrownBy(() -> LoopbackTarget.parse(wrong)).as(wrong)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--allow-loopback: ");
        }
    }
}
