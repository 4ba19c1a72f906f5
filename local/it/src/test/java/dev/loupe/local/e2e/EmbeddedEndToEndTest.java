package dev.loupe.local.e2e;

import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import org.junit.jupiter.api.BeforeAll;

/** The end-to-end contract against the embedded emulators: what `./loupe run` starts. */
@LoupeCloudTest
class EmbeddedEndToEndTest extends EndToEndContract {
    private static ProjectClient cloud;

    @BeforeAll
    static void start(ProjectClient project) {
        cloud = project;
    }

    @Override
    protected ProjectClient cloud() {
        return cloud;
    }
}
