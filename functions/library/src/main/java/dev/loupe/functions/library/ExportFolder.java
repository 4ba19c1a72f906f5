package dev.loupe.functions.library;

import java.time.Instant;

import dev.loupe.core.FunctionLog;
import dev.loupe.sqs.JobQueue;
import dev.loupe.sqs.QueueWorker;
import dev.loupe.library.FolderExports;

/**
 * FolderExportQueue's worker: builds one export's ZIP per message. An export that is already ready or failed is left
 * as it is, so a redelivered message does no harm.
 */
public final class ExportFolder extends QueueWorker {
    private final FolderExports exports;

    public ExportFolder() {
        this(LibraryWiring.exports());
    }

    ExportFolder(FolderExports exports) {
        this.exports = exports;
    }

    @Override
    protected void process(String body, Instant deadline, Log log) {
        var message = JobQueue.read(body, FolderExports.Message.class);
        var built = exports.build(message, deadline);
        log.line("export " + message.exportId() + ": " + built.export()
                .map(e -> e.status().word() + e.failure().map(f -> " (" + f + ")").orElse(""))
                .orElse("no such export"));
        built.unexpected().ifPresent(e -> log.line("ERROR export " + message.exportId() + " failed on our side: "
                + FunctionLog.stackTrace(e)));
    }
}
