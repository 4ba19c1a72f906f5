package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.loupe.local.LocalCloud;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.testing.ProjectClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's "Webhooks and URL imports locally", run to the letter: the walkthrough's first block (it sets up), then
 * every {@code bash} block marked {@value #MARK}, in one {@code bash -euo pipefail}, twice, against a cloud of its own
 * started as {@code ./loupe run --allow-loopback 127.0.0.1:<port>} starts it (the shared cloud allows no loopback
 * target). The only thing that differs from a reader's run is the port: {@code HOOK_PORT} is a free one here, where
 * the README's default is 8099. The receiver must print the verified delivery; the import must answer the image.
 */
class ReadmeLoopbackWalkthroughTest {
    static final String MARK = "<!-- walkthrough: allow-loopback -->";

    private static LoupeCloud cloud;
    private static ProjectClient client;
    private static int hookPort;
    private static List<String> blocks;

    @BeforeAll
    static void start() throws Exception {
        String readme = Files.readString(LoupeRoot.path().resolve("README.md"));
        blocks = ReadmeWalkthroughTest.walkthroughBlocks(readme, MARK);
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.ofLiteral("127.0.0.1"))) {
            hookPort = free.getLocalPort();
        }
        cloud = LoupeCloud.start(LocalCloud.Options.forTests(LoupeRoot.path()).withEnvironment(Map.of(
                "LOOPBACK_ALLOWED_TARGET", "127.0.0.1:" + hookPort)));
        client = ProjectClient.newProject(cloud, "readme-loopback");
        List<String> setup = ReadmeWalkthroughTest.walkthroughBlocks(readme);
        assertThat(setup.getFirst()).as("the walkthrough's first block sets up")
                .contains("source .loupe-local/project.env");
        blocks = Stream.concat(Stream.of(setup.getFirst()), blocks.stream()).toList();
    }

    @AfterAll
    static void stop() {
        if (cloud != null) cloud.close();
    }

    @Test
    void theReadmeStartsTheCloudWithTheFlagTheBlocksUse() throws IOException {
        String readme = Files.readString(LoupeRoot.path().resolve("README.md"));
        assertThat(readme).contains("./loupe run --allow-loopback 127.0.0.1:8099");
        assertThat(blocks).as("the setup block and the marked ones").hasSizeGreaterThanOrEqualTo(3);
        assertThat(blocks.get(1)).contains("HOOK_PORT=${HOOK_PORT:-8099}");
    }

    @Test
    void runsAsWrittenAndAgain(@TempDir Path checkout) throws Exception {
        ReadmeWalkthroughTest.layOutACheckout(checkout, client);
        for (int run = 1; run <= 2; run++) {
            // The harness, not the README: a receiver or file server left behind by a failed block is stopped.
            String output = ReadmeWalkthroughTest.runBlocks(checkout, "loopback-walkthrough-" + run,
                    "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n", blocks,
                    Map.of("HOOK_PORT", String.valueOf(hookPort)));
            assertThat(output).as("run %d printed an error answer:\n%s", run, output)
                    .doesNotContainPattern(ReadmeWalkthroughTest.ERROR_ANSWER);
            assertThat(output).as("run %d printed a null that jq picked out:\n%s", run, output)
                    .doesNotContainPattern("(?m)^null$");
            assertThat(output).as("run %d: the receiver verified the delivery:\n%s", run, output)
                    .containsPattern("(?m)^verified \\S+ TaskSuccess$").doesNotContain("REFUSED");
            assertThat(output).as("run %d: the import answered the image:\n%s", run, output)
                    .contains("\"active\"");
            assertThat(output).as("run %d reached the last block", run).contains("=== block " + blocks.size());
            Thread.sleep(1_100); // the blocks' RUN suffix is the time in seconds
        }
    }
}
