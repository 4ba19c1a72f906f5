package dev.loupe.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * Where a command writes: results on {@code out} (text, or JSON with {@code --json}), progress and messages on
 * {@code err}; whether that is a terminal (progress bars drawn in place) and how wide it is.
 */
public record Terminal(PrintStream out, PrintStream err, boolean tty, int columns) {
    /** The process's own streams; a terminal when the JVM has an interactive console. */
    public static Terminal system(Map<String, String> env) {
        var console = System.console();
        boolean tty = console != null && console.isTerminal() && !"dumb".equals(env.get("TERM"));
        int columns = 100;
        try {
            columns = Integer.parseInt(env.getOrDefault("COLUMNS", "100"));
        } catch (NumberFormatException ignored) {
            // keep 100
        }
        return new Terminal(System.out, System.err, tty, Math.max(60, columns));
    }
}
