package dev.loupe.imaging.tools;

import dev.loupe.imaging.tools.FileStatus;

/**
 * A tool could not produce its output for one file: the status says why in the task API's words (a damaged file,
 * a crop outside the image...), the message says it for people. Nothing else is thrown for a file's own fault.
 */
public final class ToolFailure extends RuntimeException {
    private final FileStatus status;

    public ToolFailure(FileStatus status, String message) {
        super(message);
        this.status = status;
    }

    public ToolFailure(FileStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public FileStatus status() {
        return status;
    }
}
