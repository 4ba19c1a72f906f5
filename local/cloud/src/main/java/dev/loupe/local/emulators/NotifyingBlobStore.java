package dev.loupe.local.emulators;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;

import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The blob store S3Proxy serves, wrapped so that every successful write or delete becomes an {@link S3ObjectEvent}:
 * S3Proxy answers 501 to bucket notification configurations, so the local cloud produces S3's events itself.
 *
 * <p>S3Proxy 4.x no longer uses jclouds: its own {@code org.gaul.s3proxy.blobstore.BlobStore} speaks AWS SDK v2
 * model types, and its {@link ForwardingBlobStore} is the wrapper S3Proxy itself unwraps when it looks for the
 * backend's quirks. PutObject and POST-policy uploads end in {@link #putBlob}, CompleteMultipartUpload in
 * {@link #completeMultipartUpload}, CopyObject in {@link #copyBlob}, DeleteObject in {@link #removeBlob} and
 * DeleteObjects in {@link #removeBlobs}.
 */
final class NotifyingBlobStore extends ForwardingBlobStore {
    private final List<S3EventListener> listeners = new CopyOnWriteArrayList<>();
    // Hex sequencers must grow with every change; starting from the clock keeps them growing across restarts.
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1_000_000L);

    NotifyingBlobStore(BlobStore delegate) {
        super(delegate);
    }

    void addListener(S3EventListener listener) {
        listeners.add(listener);
    }

    void removeListener(S3EventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
        PutObjectResponse response = super.putBlob(request, input);
        created("ObjectCreated:Put", request.bucket(), request.key(), request.contentLength(), response.eTag(),
                response.versionId());
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
                                                                   CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        created("ObjectCreated:CompleteMultipartUpload", request.bucket(), request.key(), null, response.eTag(),
                response.versionId());
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        String eTag = response.copyObjectResult() == null ? null : response.copyObjectResult().eTag();
        created("ObjectCreated:Copy", request.destinationBucket(), request.destinationKey(), null, eTag,
                response.versionId());
        return response;
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        DeleteObjectResponse response = super.removeBlob(request);
        removed(request.bucket(), request.key(), Boolean.TRUE.equals(response.deleteMarker()),
                response.versionId());
        return response;
    }

    @Override
    public DeleteObjectsResponse removeBlobs(DeleteObjectsRequest request) {
        // The delegate's own removeBlobs deletes through the delegate, not through removeBlob above: no doubles.
        DeleteObjectsResponse response = delegate().removeBlobs(request);
        for (DeletedObject deleted : response.deleted()) {
            removed(request.bucket(), deleted.key(), Boolean.TRUE.equals(deleted.deleteMarker()),
                    deleted.deleteMarkerVersionId() != null ? deleted.deleteMarkerVersionId() : deleted.versionId());
        }
        return response;
    }

    private void created(String eventName, String bucket, String key, Long knownSize, String eTag, String versionId) {
        Long size = knownSize;
        // The request's length is missing for copies and multipart uploads (and chunked PUTs): ask the store.
        if (size == null || eTag == null) {
            HeadObjectResponse head = headQuietly(bucket, key);
            if (head != null) {
                size = size == null ? head.contentLength() : size;
                eTag = eTag == null ? head.eTag() : eTag;
            }
        }
        publish(new S3ObjectEvent(eventName, bucket, key, size == null ? 0L : size, unquoted(eTag), versionId,
                nextSequencer(), Instant.now()));
    }

    private void removed(String bucket, String key, boolean deleteMarker, String versionId) {
        publish(new S3ObjectEvent(deleteMarker ? "ObjectRemoved:DeleteMarkerCreated" : "ObjectRemoved:Delete",
                bucket, key, null, null, versionId, nextSequencer(), Instant.now()));
    }

    private HeadObjectResponse headQuietly(String bucket, String key) {
        try {
            return delegate().blobMetadata(bucket, key);
        } catch (RuntimeException e) {
            // An SSE-C object cannot be read without its key; the event then carries size 0.
            return null;
        }
    }

    private void publish(S3ObjectEvent event) {
        for (S3EventListener listener : listeners) {
            try {
                listener.onS3Event(event);
            } catch (RuntimeException e) {
                // A listener's bug must not fail the S3 request that already succeeded.
                System.err.println("[s3] event listener failed on " + event.eventName() + " " + event.key() + ": " + e);
            }
        }
    }

    private String nextSequencer() {
        return String.format("%016X", sequence.incrementAndGet());
    }

    private static String unquoted(String eTag) {
        if (eTag == null) {
            return null;
        }
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
                ? eTag.substring(1, eTag.length() - 1) : eTag;
    }
}
