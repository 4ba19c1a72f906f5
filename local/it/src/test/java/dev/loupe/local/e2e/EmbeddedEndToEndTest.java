package dev.loupe.local.e2e;

import dev.loupe.local.LocalCloud;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.LoupeRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The end-to-end contract against the embedded emulators: what `./loupe run` starts. */
class EmbeddedEndToEndTest extends EndToEndContract {
    private static LoupeCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = LoupeCloud.start(LocalCloud.Options.forTests(LoupeRoot.path()));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) cloud.close();
    }

    @Override
    protected LoupeCloud cloud() {
        return cloud;
    }
}
