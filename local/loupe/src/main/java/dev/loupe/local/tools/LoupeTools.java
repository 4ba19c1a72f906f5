package dev.loupe.local.tools;

import java.io.PrintStream;
import java.nio.file.Path;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The local tools behind {@code ./loupe invoke}, {@code generate-event}, {@code token} and {@code project}: what SAM
 * CLI's local commands and a control plane give, for the local cloud. {@code ./loupe run}, {@code test} and
 * {@code build} stay in the script ({@link dev.loupe.local.project.LoupeCloud} for run).
 */
@Command(name = "./loupe", mixinStandardHelpOptions = true,
        description = "Loupe's local tools (./loupe run, test and build are the script's own).",
        subcommands = {InvokeCommand.class, GenerateEventCommand.class, TokenCommand.class, ProjectCommand.class})
public final class LoupeTools implements Runnable {
    @Option(names = "--data-dir", hidden = true, defaultValue = ".loupe-local",
            description = "The local cloud's data folder (tests point it elsewhere).")
    Path dataDir;

    /** The repository's root: template.yaml and events/ are read from here. */
    @Option(names = "--root", hidden = true, defaultValue = ".")
    Path root;

    /** Where answers go: stdout, kept aside when a command sends everything else (logs) to stderr. */
    PrintStream out = System.out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: invoke, generate-event, token"
                + " or project");
    }

    Path dataDir() {
        return root.resolve(dataDir).toAbsolutePath().normalize();
    }

    Path root() {
        return root.toAbsolutePath().normalize();
    }

    /** Runs a command line; the exit code. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        LoupeTools tools = new LoupeTools();
        tools.out = out;
        CommandLine line = new CommandLine(tools);
        line.setOut(new java.io.PrintWriter(out, true));
        line.setErr(new java.io.PrintWriter(err, true));
        line.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ToolException failure) {
                commandLine.getErr().println(failure.getMessage());
                return failure.exitCode();
            }
            throw e;
        });
        return line.execute(args);
    }

    public static void main(String[] args) {
        PrintStream stdout = System.out;
        int code = execute(stdout, System.err, args);
        stdout.flush();
        System.exit(code);
    }

    /** A failure the user can act on: its message, no stack trace. */
    static final class ToolException extends RuntimeException {
        private final int exitCode;

        ToolException(String message) {
            this(message, 1);
        }

        ToolException(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }
}
