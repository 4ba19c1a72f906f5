package dev.loupe.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * What a command runs in: the environment, the home folder (profile file, upload manifests), the terminal, and how
 * an {@link Api} is made from the resolved settings. The real process passes its own; tests pass theirs.
 */
public record Context(Map<String, String> env, Path home, Terminal terminal, Function<Settings, Api> apis) {
    /** A context whose commands call the API through Loupe's Java client, as the tool itself does. */
    public static Context withClient(Map<String, String> env, Path home, Terminal terminal) {
        return new Context(env, home, terminal, ClientApi::new);
    }
}
