package dev.loupe.client;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A task of the task API and its files.
 *
 * @param status TaskWaiting, TaskProcessing, TaskSuccess, TaskSuccessWithWarnings, TaskError or TaskDeleted
 */
public record Task(String task, String tool, String status, String server, int fileNumber, Integer customInt,
        String customString, Instant created, Instant updated, Instant expires, String downloadFilename,
        Long filesize, Long outputFilesize, Integer outputFilenumber, List<String> outputExtensions, String timer,
        Instant processStart, String statusMessage, List<File> files) {
    private static final Set<String> FINISHED = Set.of("TaskSuccess", "TaskSuccessWithWarnings", "TaskError",
            "TaskDeleted");

    /** Whether processing has ended, well or not. */
    public boolean finished() {
        return FINISHED.contains(status);
    }

    /** Whether it has an output to download. */
    public boolean succeeded() {
        return "TaskSuccess".equals(status) || "TaskSuccessWithWarnings".equals(status);
    }

    public record File(String serverFilename, String filename, Long filesize, String status, String statusMessage,
            Long outputFilesize) {
    }
}
