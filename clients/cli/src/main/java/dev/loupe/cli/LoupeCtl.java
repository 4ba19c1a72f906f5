package dev.loupe.cli;

import java.nio.file.Path;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code loupectl}: Loupe's command-line tool for a deployment (local or AWS). Options go after the command's name
 * ({@code loupectl upload --json photos/}).
 */
@Command(name = "loupectl", mixinStandardHelpOptions = true, version = "loupectl 0.1.0",
        subcommands = {UploadCommand.class, TaskCommand.class, ExportCommand.class, ImagesCommand.class,
                GalleriesCommand.class},
        description = {"Loupe's command-line tool: upload folders, run processing tasks, export, list.",
                "Settings: --url/--public-key/--secret-key, else LOUPE_URL/LOUPE_PUBLIC_KEY/LOUPE_SECRET_KEY, else "
                        + "the profile (--profile, LOUPE_PROFILE, or [default]) of ~/.loupe/config: url, public_key, "
                        + "secret_key."},
        footer = {"", "Exit codes:", "%s"})
public final class LoupeCtl implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Context context = Context.withClient(env, Path.of(System.getProperty("user.home")), Terminal.system(env));
        System.exit(run(context, args));
    }

    /** Runs one command line in {@code context}; its exit code. */
    public static int run(Context context, String... args) {
        CommandLine line = commandLine(context);
        line.setOut(new java.io.PrintWriter(context.terminal().out(), true));
        line.setErr(new java.io.PrintWriter(context.terminal().err(), true));
        return line.execute(args);
    }

    static CommandLine commandLine(Context context) {
        CommandLine line = new CommandLine(new LoupeCtl(), new Factory(context));
        line.getCommandSpec().usageMessage().footer(String.format(String.join("%n",
                line.getCommandSpec().usageMessage().footer()), ExitCode.table()));
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("loupectl: " + e);
            return ExitCode.SERVER.code();
        });
        return line;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a command (loupectl --help lists them)");
    }

    /** Makes the commands with the context (those that take one), others as picocli does. */
    private record Factory(Context context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                var constructor = type.getDeclaredConstructor(Context.class);
                constructor.setAccessible(true);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
