package dev.loupe.cli;

/**
 * The exit codes scripts can rely on: one table, printed by {@code loupectl --help} and the README. A command that
 * handles many items (an upload, a task run) exits 1 when some of them failed and says which in its summary.
 */
public enum ExitCode {
    OK(0, "ok: everything asked was done"),
    SOME_FAILED(1, "some items failed (the summary says which and why), or a request was refused"),
    USAGE(2, "usage: a bad option or argument, no URL or keys, a broken profile file"),
    AUTH(3, "auth: the server refused the keys or the token (401, 403)"),
    NOT_FOUND(4, "not found: no such folder, gallery, task or export (404)"),
    SERVER(5, "server or network: a 5xx or 429 answer, no answer, a timeout");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The exit code of an API answer's status, for a request that failed as a whole. */
    public static ExitCode ofStatus(int status) {
        if (status == 401 || status == 403) {
            return AUTH;
        }
        if (status == 404) {
            return NOT_FOUND;
        }
        if (status >= 500 || status == 429) {
            return SERVER;
        }
        return SOME_FAILED;
    }

    /** The table, as {@code --help} prints it. */
    public static String table() {
        StringBuilder table = new StringBuilder();
        for (ExitCode exit : values()) {
            table.append(String.format("  %d  %s%n", exit.code, exit.meaning));
        }
        return table.toString();
    }
}
