package dev.loupe.client;

/**
 * Told how far a transfer has come: after each buffer handed to the connection (uploads) or read from it
 * (downloads). Called on the thread that makes the call or on the HTTP client's threads, so keep it quick. When a call
 * is retried, {@code done} starts again from where the retried part began.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> {
    };

    /**
     * @param done  the file's bytes sent (or received) so far
     * @param total the file's size, or -1 when the server did not say (a download without Content-Length)
     */
    void progress(long done, long total);
}
