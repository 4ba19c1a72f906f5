package dev.loupe.task;

import dev.loupe.imaging.tools.FileStatus;

import java.time.Instant;
import java.util.Optional;

/**
 * One uploaded file of a task.
 *
 * @param serverFilename  the name Loupe gave it (random), by which clients refer to it
 * @param filename        the client's own name for it
 * @param size            its size in bytes
 * @param status          FileWaiting until processing records a result
 * @param statusMessage   why a file failed, when it did
 * @param outputFilesize  the size of its output, once processed
 */
public record TaskFile(String projectId, String taskId, String serverFilename, String filename, long size,
                       FileStatus status, Instant uploaded, Optional<String> statusMessage,
                       Optional<Long> outputFilesize) {
}
