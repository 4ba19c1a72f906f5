package dev.loupe.task;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A processing task as stored.
 *
 * @param server      the host (and port) the task was started on, which clients call back
 * @param keyCheck    present when the task was started with a {@code file_encryption_key} (see {@link FileKey})
 * @param open        whether the task counts against the project's open tasks (from its first upload until it is
 *                    processed or deleted)
 * @param fileCount   files uploaded and not deleted
 * @param params      the process request's parameters (JSON), stored when processing starts
 * @param filesTotal  files being processed; {@code filesDone} counts those with a result (atomic counter)
 * @param output      the result of processing, empty before
 * @param queued      whether process sent the files' TaskFileQueue messages (recorded once they were all sent or
 *                    recorded UnknownError): a TaskProcessing task without it past process's timeout was left by a
 *                    process call that died, and nobody else would finish it ({@link UnqueuedFiles})
 */
public record Task(String projectId, String taskId, TaskTool tool, TaskStatus status, String server,
                   Instant created, Instant updated, Instant expiresAt, Optional<String> keyCheck, boolean open,
                   int fileCount, Optional<Long> customInt, Optional<String> customString, Optional<String> params,
                   int filesTotal, int filesDone, Optional<Output> output, boolean queued) {

    /** What processing produced: the fields the task API's clients read from the task's answers. */
    public record Output(String downloadFilename, long filesize, long outputFilesize, int outputFilenumber,
                         List<String> outputExtensions, String timer, Instant processStart, String statusMessage) {
        public Output {
            outputExtensions = outputExtensions == null ? List.of() : List.copyOf(outputExtensions);
        }
    }

    public boolean expired(Instant now) {
        return !expiresAt.isAfter(now);
    }

    public boolean encrypted() {
        return keyCheck.isPresent();
    }
}
