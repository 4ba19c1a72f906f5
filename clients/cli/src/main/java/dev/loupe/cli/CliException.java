package dev.loupe.cli;

/** A failure that ends a command with its exit code and a message for stderr (or the JSON error object). */
public class CliException extends RuntimeException {
    private final ExitCode exitCode;

    public CliException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
