package dev.loupe.imaging.tools;

import java.util.List;
import java.util.Map;

/**
 * One processing tool of the task API under its name ("resizeimage"...): {@link #prepare} reads and checks the
 * tool's parameters once per task (a 400 {@code ProcessingError} naming the parameter when one is wrong, before any
 * file is touched), and the {@link Run} it returns processes the task's files.
 */
public interface ImageTool {
    /** The tool's name as the task API's {@code tool} parameter spells it. */
    String name();

    /** The parameters' values checked, defaults filled in; throws {@code ApiError(400, "ProcessingError", ...)}. */
    Run prepare(Map<String, ?> params);

    /** A tool bound to its parameters. */
    @FunctionalInterface
    interface Run {
        /** Processes the files; each file's outcome in the input's order (see {@link ToolResult}). */
        ToolResult apply(List<ToolInput> inputs);
    }
}
