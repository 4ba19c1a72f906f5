package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and the upload's resume, on an in-memory API. */
class CommandsTest {
    private static final Map<String, String> ENV = Map.of("LOUPE_URL", "http://127.0.0.1:1", "LOUPE_PUBLIC_KEY", "pk",
            "LOUPE_SECRET_KEY", "sk");

    @TempDir
    Path home;

    private final FakeApi api = new FakeApi();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        Terminal terminal = new Terminal(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, 100);
        return LoupeCtl.run(new Context(env, home, terminal, settings -> api), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheExitCodes() {
        assertThat(run(ENV, "--help")).isZero();
        assertThat(out()).contains("Exit codes:").contains("0  ok: everything asked was done")
                .contains("3  auth: the server refused the keys").contains("5  server or network");
    }

    @Test
    void usageErrorsAre2() {
        assertThat(run(ENV, "upload", "--no-such-option", "x")).isEqualTo(2);
        assertThat(run(ENV)).isEqualTo(2);
        assertThat(run(Map.of(), "galleries", "show", "g")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("LOUPE_URL");
        assertThat(run(ENV, "upload", home.resolve("missing").toString())).isEqualTo(2);
    }

    @Test
    void apiFailuresMapToTheirCodes() throws IOException {
        api.failure = new ApiException(401, "invalid_signature", "bad token");
        assertThat(run(ENV, "galleries", "show", "g")).isEqualTo(3);
        api.failure = new ApiException(404, "gallery_not_found", "no such gallery");
        assertThat(run(ENV, "galleries", "show", "--json", "g")).isEqualTo(4);
        JsonNode error = new ObjectMapper().readTree(out()).path("error");
        assertThat(error.path("exit_code").asInt()).isEqualTo(4);
        assertThat(error.path("code").asText()).isEqualTo("gallery_not_found");
        api.failure = new CliException(ExitCode.SERVER, "connection refused");
        assertThat(run(ENV, "galleries", "list")).isEqualTo(5);
        api.failure = new ApiException(503, "unavailable", "later");
        assertThat(run(ENV, "images", "list")).isEqualTo(5);
    }

    @Test
    void aDamagedFileFailsWithItsReasonAndTheRestResumesAfterAStop() throws IOException {
        Path photos = Files.createDirectories(home.resolve("photos"));
        for (String name : new String[] {"a.jpg", "b.jpg", "c.jpg", "d.jpg"}) {
            Files.writeString(photos.resolve(name), "image " + name);
        }
        Files.writeString(photos.resolve("broken.jpg"), "damaged bytes");
        Files.writeString(photos.resolve(".DS_Store"), "hidden");

        int first = run(ENV, "upload", "--concurrency", "1", "--stop-after", "2", "--progress", "none",
                photos.toString());
        assertThat(first).isEqualTo(1);
        assertThat(api.uploads).hasSize(2);
        assertThat(out()).contains("run the same command again");

        assertThat(run(ENV, "upload", "--json", "--progress", "none", photos.toString())).isEqualTo(1);
        JsonNode result = new ObjectMapper().readTree(out());
        assertThat(result.path("uploaded").asInt()).isEqualTo(2);
        assertThat(result.path("skipped").asInt()).isEqualTo(2);
        assertThat(result.path("failed").asInt()).isEqualTo(1);
        // Every good file sent once across the two runs: the rerun sent only the two the stop left (uploads run
        // side by side, so their order is not fixed).
        assertThat(api.uploads).containsExactlyInAnyOrder("a.jpg", "b.jpg", "c.jpg", "d.jpg");
        JsonNode broken = result.path("files").findParents("path").stream()
                .filter(file -> file.path("path").asText().equals("broken.jpg")).findFirst().orElseThrow();
        assertThat(broken.path("error").path("code").asText()).isEqualTo("damaged_file");

        Files.delete(photos.resolve("broken.jpg"));
        assertThat(run(ENV, "upload", "--progress", "none", photos.toString())).isZero();
        assertThat(out()).contains("0 uploaded").contains("4 already uploaded");
        assertThat(api.uploads).hasSize(4);
    }

    @Test
    void aFileUploadedButNotRememberedIsFoundByItsMd5InTheFolder() throws IOException {
        Path photos = Files.createDirectories(home.resolve("trip"));
        Files.writeString(photos.resolve("a.jpg"), "image a");
        Files.writeString(photos.resolve("b.jpg"), "image b");
        assertThat(run(ENV, "upload", "--progress", "none", photos.toString())).isZero();
        try (var manifests = Files.list(home.resolve(".loupe/uploads"))) {
            for (Path manifest : manifests.toList()) {
                Files.delete(manifest);
            }
        }
        Files.writeString(photos.resolve("b.jpg"), "image b, edited");
        assertThat(run(ENV, "upload", "--progress", "none", photos.toString())).isZero();
        assertThat(out()).contains("1 uploaded").contains("1 already uploaded");
        assertThat(api.uploads).containsExactlyInAnyOrder("a.jpg", "b.jpg", "b.jpg");
    }
}
