package dev.loupe.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.cli.Context;
import dev.loupe.cli.LoupeCtl;
import dev.loupe.cli.Terminal;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud;
import dev.loupe.local.testing.TestFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * loupectl against the local cloud, its commands run in this JVM as the launcher runs them (the same Context, the
 * Java client, real HTTP on loopback): an upload that is interrupted, resumed and names its damaged file; exports,
 * listings and a gallery of the upload; a task run resumed at its next chunk; the exit codes of a wrong key and of a
 * missing gallery.
 */
@SharedLoupeCloud.LoupeCloudTest
class LoupeCtlEndToEndTest {
    private static ProjectClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void project(ProjectClient projectClient) {
        client = projectClient;
    }

    /** One command's exit code, stdout and stderr. */
    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return ProjectClient.JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }
    }

    private Run loupectl(String... args) {
        return loupectlWithSecret(client.project().secretKey(), args);
    }

    private Run loupectlWithSecret(String secretKey, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>();
        env.put("LOUPE_URL", client.baseUri().toString());
        env.put("LOUPE_PUBLIC_KEY", client.project().publicKey());
        env.put("LOUPE_SECRET_KEY", secretKey);
        Terminal terminal = new Terminal(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, 100);
        int exit = LoupeCtl.run(Context.withClient(env, dir.resolve("home"), terminal), args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anInterruptedUploadResumesNamesItsDamagedFileAndExportsListsAndShowsTheResult() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("porto-" + System.nanoTime()));
        for (int i = 1; i <= 4; i++) {
            Files.write(photos.resolve("photo-" + i + ".jpg"), TestFiles.image("jpg", 60 + i, 40));
        }
        Files.write(photos.resolve("zz-broken.jpg"), TestFiles.truncated(TestFiles.image("jpg", 300, 200), 0.4));
        String folder = photos.getFileName().toString();

        // Stopped after two files, as a killed run: the summary says what was not sent, the exit code is 1.
        Run first = loupectl("upload", "--concurrency", "1", "--stop-after", "2", "--progress", "plain", "--json",
                photos.toString());
        assertThat(first.exit()).as(first.err()).isEqualTo(1);
        assertThat(first.json().path("uploaded").asInt()).isEqualTo(2);
        assertThat(first.json().path("not_sent").asInt()).isEqualTo(3);
        assertThat(first.err()).contains("sent    photo-1.jpg").contains("total 2/5 files");

        // The rerun sends only the rest; the damaged file fails with the server's reason.
        Run second = loupectl("upload", "--progress", "plain", "--json", photos.toString());
        assertThat(second.exit()).as(second.err()).isEqualTo(1);
        JsonNode result = second.json();
        assertThat(result.path("uploaded").asInt()).isEqualTo(2);
        assertThat(result.path("skipped").asInt()).isEqualTo(2);
        assertThat(result.path("failed").asInt()).isEqualTo(1);
        Map<String, String> statuses = new HashMap<>();
        result.path("files").forEach(file -> statuses.put(file.path("path").asText(), file.path("status").asText()));
        assertThat(statuses).containsEntry("photo-1.jpg", "skipped").containsEntry("photo-2.jpg", "skipped")
                .containsEntry("photo-3.jpg", "uploaded").containsEntry("photo-4.jpg", "uploaded")
                .containsEntry("zz-broken.jpg", "failed");
        JsonNode broken = result.path("files").get(4);
        assertThat(broken.path("error").path("code").asText()).isEqualTo("damaged_file");
        assertThat(second.err()).contains("FAILED  zz-broken.jpg: 400 damaged_file");
        String folderId = result.path("folder_id").asText();
        assertThat(ProjectClient.json(client.get("/v1/folders/" + folderId), 200).path("image_count").asInt())
                .as("no file was stored twice").isEqualTo(4);

        // Without the damaged file, a rerun sends nothing and makes the gallery; the text summary says so.
        Files.delete(photos.resolve("zz-broken.jpg"));
        String gallery = "cli-" + System.nanoTime();
        Run third = loupectl("upload", "--gallery", gallery, "--title", "Porto", "--progress", "none", photos.toString());
        assertThat(third.exit()).as(third.err()).isZero();
        assertThat(third.out()).contains("0 uploaded").contains("4 already uploaded").contains("Gallery " + gallery
                + " (4 files): " + client.baseUri() + "/p/" + client.project().projectId() + "/g/" + gallery);

        Run shown = loupectl("galleries", "show", "--json", gallery);
        assertThat(shown.exit()).isZero();
        assertThat(shown.json().path("files").path("total").asInt()).isEqualTo(4);
        assertThat(shown.json().path("title").asText()).isEqualTo("Porto");
        Run open = loupectl("galleries", "open", "--print", gallery);
        assertThat(open.out().strip()).isEqualTo(shown.json().path("links").path("gallery_url").asText());

        Run listed = loupectl("images", "list", "--folder", folder, "--json");
        assertThat(listed.exit()).isZero();
        List<String> names = new ArrayList<>();
        listed.json().path("images").forEach(image -> names.add(image.path("file_name").asText()));
        assertThat(names).containsExactlyInAnyOrder("photo-1.jpg", "photo-2.jpg", "photo-3.jpg", "photo-4.jpg");
        Run filtered = loupectl("images", "list", "--extension", "jpg", "--sort", "+name", "--limit", "3");
        assertThat(filtered.out()).contains("photo-1.jpg").contains("3 images (more: raise --limit)");

        Path zip = dir.resolve("porto.zip");
        Run export = loupectl("export", folder, "--out", zip.toString(), "--progress", "none", "--json");
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.json().path("image_count").asInt()).isEqualTo(4);
        List<String> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.add(entry.getName());
            }
        }
        assertThat(entries).hasSize(4);
    }

    @Test
    void aTaskRunResumesAtItsNextChunkAndDownloadsToTheOutputFolder() throws IOException {
        Path a = Files.write(dir.resolve("a.jpg"), TestFiles.image("jpg", 400, 300));
        Path b = Files.write(dir.resolve("b.jpg"), TestFiles.image("jpg", 300, 400));
        assertThat(Files.size(a)).as("a file of several 1 KB chunks").isGreaterThan(3 * 1024);
        Path out = dir.resolve("out");
        String[] command = {"task", "run", "resizeimage", a.toString(), b.toString(), "--out", out.toString(),
                "-p", "resize_mode=pixels", "-p", "pixels_width=64", "-p", "pixels_height=64", "--chunk-size", "1024",
                "--concurrency", "1", "--progress", "plain", "--json"};

        List<String> stopped = new ArrayList<>(List.of(command));
        stopped.addAll(List.of("--stop-after-chunks", "2"));
        Run first = loupectl(stopped.toArray(String[]::new));
        assertThat(first.exit()).as(first.err()).isEqualTo(1);
        assertThat(first.json().path("failures").toString()).contains("stopped before chunk 2");
        String task = first.json().path("task").asText();

        Run second = loupectl(command);
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.err()).contains("Resuming task " + task);
        JsonNode result = second.json();
        assertThat(result.path("task").asText()).isEqualTo(task);
        assertThat(result.path("status").asText()).isEqualTo("TaskSuccess");
        assertThat(result.path("outputs")).hasSize(2);
        for (JsonNode output : result.path("outputs")) {
            var image = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(Path.of(output.asText()))));
            assertThat(Math.max(image.getWidth(), image.getHeight())).isEqualTo(64);
        }
        assertThat(out.resolve(".loupectl-task.json")).as("the finished run's state is gone").doesNotExist();
    }

    @Test
    void aWrongKeyIsExit3AndAMissingGalleryExit4() {
        Run wrongKey = loupectlWithSecret("secret_key_" + "0".repeat(40), "galleries", "show", "--json", "anything");
        assertThat(wrongKey.exit()).as(wrongKey.err()).isEqualTo(3);
        assertThat(wrongKey.json().path("error").path("exit_code").asInt()).isEqualTo(3);
        Run missing = loupectl("galleries", "show", "no-such-gallery-" + System.nanoTime());
        assertThat(missing.exit()).as(missing.err()).isEqualTo(4);
    }
}
