package dev.loupe.task;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The tools a task may run, as the task API names them ({@code GET /v1/start/{tool}}, {@code tool} of process). */
public enum TaskTool {
    RESIZE("resizeimage"),
    CROP("cropimage"),
    COMPRESS("compressimage"),
    CONVERT("convertimage"),
    WATERMARK("watermarkimage"),
    REPAIR("repairimage"),
    ROTATE("rotateimage");

    private final String wire;

    TaskTool(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<TaskTool> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }

    /** The accepted names, for error messages. */
    public static String accepted() {
        return Arrays.stream(values()).map(TaskTool::wire).collect(Collectors.joining(", "));
    }
}
