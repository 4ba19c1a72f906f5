package dev.loupe.functions.library;

import java.time.Instant;
import java.util.Optional;

import dev.loupe.library.FolderExports;
import dev.loupe.sqs.QueueWorker;

/**
 * FolderExportDeadLetterQueue's consumer: an export whose worker died on every delivery of its message (timeout,
 * out of memory) is marked failed with the reason ({@link FolderExports#deadLettered}), as the task API's dead-letter
 * function finishes a task's files, instead of staying building. A message that is not an export's is logged and
 * dropped; a failure is reported and retried.
 */
public final class DeadLetterExport extends QueueWorker {
    private final FolderExports exports;

    public DeadLetterExport() {
        this(LibraryWiring.exports());
    }

    DeadLetterExport(FolderExports exports) {
        this.exports = exports;
    }

    @Override
    protected void process(Delivery delivery, Instant deadline, Log log) {
        Optional<FolderExports.Message> read = readOrDrop(delivery, FolderExports.Message.class, log);
        if (read.isEmpty()) {
            return; // nothing will ever make it an export's message: dropped, logged
        }
        FolderExports.Message message = read.get();
        log.line("export " + message.exportId() + ": dead-lettered, now " + exports.deadLettered(message)
                .map(e -> e.status().word()).orElse("gone"));
    }
}
