package dev.loupe.imaging.tools;

import dev.loupe.imaging.tools.FileStatus;
import java.util.List;
import java.util.Optional;

/**
 * What a tool did with a task's files: one {@link FileResult} per input, in the inputs' order, and for tools that
 * make one output of all the files (convert to gif_animation) that output in {@code combined}; the files' results
 * then carry no output of their own.
 */
public record ToolResult(List<FileResult> files, Optional<ToolOutput> combined) {

    public ToolResult {
        files = List.copyOf(files);
    }

    public static ToolResult perFile(List<FileResult> files) {
        return new ToolResult(files, Optional.empty());
    }

    /** A file's outcome: {@code FILE_SUCCESS} with its output (none when combined), or a failure and why. */
    public record FileResult(FileStatus status, String message, ToolOutput output) {

        public static FileResult success(ToolOutput output) {
            return new FileResult(FileStatus.FILE_SUCCESS, "", output);
        }

        public static FileResult failure(FileStatus status, String message) {
            return new FileResult(status, message, null);
        }

        public boolean succeeded() {
            return status == FileStatus.FILE_SUCCESS;
        }

        public Optional<ToolOutput> outputIfAny() {
            return Optional.ofNullable(output);
        }
    }
}
