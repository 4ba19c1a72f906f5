package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.loupe.local.LoupeRoot;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's walkthrough, run to the letter: every {@code bash} block marked {@code <!-- walkthrough -->}, in order,
 * in one {@code bash -euo pipefail} from a folder laid out as a checkout after {@code ./loupe run} ({@code
 * .loupe-local/project.env}, {@code examples/}), against the local cloud. It runs twice, because a reader runs the
 * blocks again (names must not collide with the first run's data). A block that fails, an answer in any of the API
 * families' error shapes, or a {@code null} that {@code jq} picked out fails the test, so the README can't drift
 * from what works. Needs {@code bash}, {@code curl} and {@code jq}, as the README says.
 */
@SharedLoupeCloud.LoupeCloudTest
class ReadmeWalkthroughTest {
    static final String MARK = "<!-- walkthrough -->";
    /** What an error looks like in each API family's shape, JSON or XML. */
    static final Pattern ERROR_ANSWER = Pattern.compile(
            "\"errors?\"\\s*:|<errors?[ >]|\"type\"\\s*:\\s*\"(UploadError|ProcessingError|DownloadError)\"");

    private static ProjectClient client;
    private static List<String> blocks;

    @BeforeAll
    static void readTheReadme(ProjectClient project) throws IOException {
        client = project;
        blocks = walkthroughBlocks(Files.readString(LoupeRoot.path().resolve("README.md")));
    }

    @Test
    void theReadmeMarksItsWalkthrough() {
        assertThat(blocks).as("walkthrough blocks in README.md").hasSizeGreaterThanOrEqualTo(8);
        assertThat(blocks.getFirst()).as("the first block sets up").contains("source .loupe-local/project.env");
    }

    @Test
    void runsAsWrittenAndAgain(@TempDir Path checkout) throws Exception {
        layOutACheckout(checkout, client);
        for (int run = 1; run <= 2; run++) {
            String output = runBlocks(checkout, "walkthrough-" + run, "", blocks, Map.of());
            assertThat(output).as("run %d printed an error answer:\n%s", run, output).doesNotContainPattern(ERROR_ANSWER);
            assertThat(output).as("run %d printed a null that jq picked out:\n%s", run, output)
                    .doesNotContainPattern("(?m)^null$");
            assertThat(output).as("run %d reached the last block", run).contains("=== block " + blocks.size());
            Thread.sleep(1_100); // the blocks' RUN suffix is the time in seconds
        }
    }

    /** The {@code bash} blocks that follow the mark, in order. */
    static List<String> walkthroughBlocks(String readme) {
        return walkthroughBlocks(readme, MARK);
    }

    /** The {@code bash} blocks that follow {@code mark}, in order. */
    static List<String> walkthroughBlocks(String readme, String mark) {
        List<String> found = new ArrayList<>();
        List<String> lines = readme.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals(mark)) {
                continue;
            }
            int start = i + 1;
            while (start < lines.size() && lines.get(start).isBlank()) {
                start++;
            }
            assertThat(lines.get(start)).as("the line after the mark at README.md:%d", i + 1).isEqualTo("```bash");
            StringBuilder block = new StringBuilder();
            int end = start + 1;
            for (; end < lines.size() && !lines.get(end).startsWith("```"); end++) {
                block.append(lines.get(end)).append('\n');
            }
            found.add(block.toString());
            i = end;
        }
        return found;
    }

    /** {@code checkout} laid out as a checkout after {@code ./loupe run}: {@code project.env} for {@code client}. */
    static void layOutACheckout(Path checkout, ProjectClient client) throws IOException {
        Path data = Files.createDirectories(checkout.resolve(".loupe-local"));
        Files.writeString(data.resolve("project.env"), """
                export LOUPE_URL=%s
                export LOUPE_PUBLIC_KEY=%s
                export LOUPE_SECRET_KEY=%s
                export LOUPE_TOKEN=%s
                export LOUPE_PROJECT_ID=%s
                """.formatted(client.baseUri().toString().replaceAll("/$", ""), client.project().publicKey(),
                client.project().secretKey(), client.token(), client.project().projectId()));
        Path examples = Files.createDirectories(checkout.resolve("examples"));
        try (Stream<Path> samples = Files.list(LoupeRoot.path().resolve("examples"))) {
            for (Path sample : samples.toList()) {
                Files.copy(sample, examples.resolve(sample.getFileName()));
            }
        }
    }

    /**
     * Runs {@code blocks} in one {@code bash -euo pipefail} from {@code checkout}, each announced as
     * {@code === block N}, after {@code harness} (the test's own lines, never the README's), with {@code environment}
     * added; its output, once it exited 0 within 5 minutes.
     */
    static String runBlocks(Path checkout, String name, String harness, List<String> blocks,
                            Map<String, String> environment) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder("set -euo pipefail\n").append(harness);
        for (int b = 0; b < blocks.size(); b++) {
            script.append("echo '=== block ").append(b + 1).append("'\n").append(blocks.get(b));
        }
        Path file = checkout.resolve(name + ".sh");
        Files.writeString(file, script);
        Path log = checkout.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", file.toString()).directory(checkout.toFile());
        builder.environment().put("TMPDIR", checkout.toString()); // the blocks' mktemp -d: cleaned up with it
        builder.environment().putAll(environment);
        Process bash = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = bash.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            bash.descendants().forEach(ProcessHandle::destroyForcibly);
            bash.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("%s finished within 5 minutes:\n%s", name, output).isTrue();
        assertThat(bash.exitValue()).as("%s's exit code:\n%s", name, output).isZero();
        return output;
    }
}
