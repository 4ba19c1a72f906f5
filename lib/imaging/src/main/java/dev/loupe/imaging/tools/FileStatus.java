package dev.loupe.imaging.tools;

import java.util.Arrays;
import java.util.Optional;

/**
 * A processed file's status, spelled as the iLoveIMG-style task API and its client libraries spell it.
 * Tools report the failures ({@code DamagedFile}, {@code OutOfRange}...) through
 * {@link dev.loupe.imaging.tools.ToolFailure}; the task records the one each file ended with.
 */
public enum FileStatus {
    FILE_SUCCESS("FileSuccess"),
    FILE_WAITING("FileWaiting"),
    WRONG_PASSWORD("WrongPassword"),
    TIME_OUT("TimeOut"),
    SERVER_FILE_NOT_FOUND("ServerFileNotFound"),
    DAMAGED_FILE("DamagedFile"),
    NO_IMAGES("NoImages"),
    OUT_OF_RANGE("OutOfRange"),
    NON_CONFORMANT("NonConformant"),
    UNKNOWN_ERROR("UnknownError");

    private final String wire;

    FileStatus(String wire) {
        this.wire = wire;
    }

    /** The name on the wire, e.g. {@code FileSuccess}. */
    public String wire() {
        return wire;
    }

    public static Optional<FileStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst();
    }
}
