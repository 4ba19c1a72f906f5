package dev.loupe.local.testing;

import java.net.URISyntaxException;
import java.nio.file.Path;

import dev.loupe.local.LoupeRoot;
import dev.loupe.local.template.Template;

/** Where the tests find the repository's template.yaml and the event-source fixture template. */
public final class Fixtures {
    private Fixtures() {
    }

    /** The repository root; surefire sets loupe.root, an IDE runs from local/. */
    public static Path repositoryRoot() {
        return LoupeRoot.path();
    }

    public static Template loupeTemplate() {
        return Template.load(repositoryRoot());
    }

    /** local/cloud/src/test/resources/fixture-template.yaml: a queue with a DLQ, a bucket, a table with TTL and stream. */
    public static Template fixtureTemplate() {
        try {
            Path file = Path.of(Fixtures.class.getResource("/fixture-template.yaml").toURI());
            return Template.load(repositoryRoot(), file);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
