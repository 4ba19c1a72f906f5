package dev.loupe.cli;

/**
 * An API answer that was not a success: its HTTP status, the API's error code (its {@code code}, or the task API's
 * {@code reason}) and message, so that a summary can say why an item failed.
 */
public final class ApiException extends CliException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(ExitCode.ofStatus(status), message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** One line for a summary: {@code 400 damaged_file: The file is damaged...}. */
    public String reason() {
        return status + (code == null ? "" : " " + code) + ": " + getMessage();
    }
}
