package dev.loupe.local.emulators;

/**
 * Told about every object the local S3 creates or removes. S3Proxy answers 501 to bucket notification
 * configurations, so the local cloud sees changes in the blob store itself ({@link NotifyingBlobStore}).
 * Called on the S3 request's thread after the change succeeded: hand the event off rather than work in it.
 */
@FunctionalInterface
public interface S3EventListener {
    void onS3Event(S3ObjectEvent event);
}
