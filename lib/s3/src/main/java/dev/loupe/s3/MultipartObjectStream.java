package dev.loupe.s3;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import java.util.Optional;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An S3 object written as a stream: bytes fill one buffer of {@code partSize} that goes up as a part of a multipart
 * upload whenever it is full, so an object of any size costs one part of memory. Nothing is visible under the key
 * until {@link #complete}; {@link #abort} throws the parts away (and the bucket's lifecycle rule removes any that an
 * abort never reached).
 */
public final class MultipartObjectStream extends OutputStream {
    /** S3's smallest part, for every part but the last. */
    static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String uploadId;
    private final byte[] buffer;
    private final Optional<SseCustomerKey> sse;
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private long written;
    private boolean aborted;

    private MultipartObjectStream(S3Client s3, String bucket, String key, String uploadId, int partSize,
                                  Optional<SseCustomerKey> sse) {
        this.sse = sse;
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.uploadId = uploadId;
        this.buffer = new byte[partSize];
    }

    public static MultipartObjectStream start(S3Client s3, String bucket, String key, String contentType, int partSize) {
        return start(s3, bucket, key, contentType, partSize, Optional.empty());
    }

    /** @param sse a customer key (SSE-C) that every request of the upload carries, as S3 requires */
    public static MultipartObjectStream start(S3Client s3, String bucket, String key, String contentType, int partSize,
                                              Optional<SseCustomerKey> sse) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 parts are at least " + MIN_PART_SIZE + " bytes");
        }
        String uploadId = s3.createMultipartUpload(r -> {
            r.bucket(bucket).key(key).contentType(contentType);
            sse.ifPresent(k -> r.sseCustomerAlgorithm(k.algorithm()).sseCustomerKey(k.key())
                    .sseCustomerKeyMD5(k.keyMd5()));
        }).uploadId();
        return new MultipartObjectStream(s3, bucket, key, uploadId, partSize, sse);
    }

    @Override
    public void write(int b) {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (aborted) {
            // A failed build closes its ZIP stream after the abort: those bytes have nowhere to go.
            return;
        }
        while (length > 0) {
            int chunk = Math.min(length, buffer.length - filled);
            System.arraycopy(bytes, offset, buffer, filled, chunk);
            filled += chunk;
            offset += chunk;
            length -= chunk;
            written += chunk;
            if (filled == buffer.length) {
                uploadPart();
            }
        }
    }

    /** Bytes written so far: the object's size once complete. */
    public long written() {
        return written;
    }

    int partsUploaded() {
        return parts.size();
    }

    /** Uploads what is left as the last part and makes the object appear under its key. */
    public void complete() {
        if (filled > 0 || parts.isEmpty()) {
            uploadPart();
        }
        s3.completeMultipartUpload(r -> {
            r.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts));
            sse.ifPresent(k -> r.sseCustomerAlgorithm(k.algorithm()).sseCustomerKey(k.key())
                    .sseCustomerKeyMD5(k.keyMd5()));
        });
    }

    public void abort() {
        if (!aborted) {
            aborted = true;
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
        }
    }

    /** Neither completes nor aborts: the caller decides which, explicitly. */
    @Override
    public void close() {
    }

    private void uploadPart() {
        int number = parts.size() + 1;
        int length = filled;
        // The SDK reads the buffer through this provider (again, if it retries) before the call returns.
        var response = s3.uploadPart(r -> {
                    r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number).contentLength((long) length);
                    sse.ifPresent(k -> r.sseCustomerAlgorithm(k.algorithm()).sseCustomerKey(k.key())
                            .sseCustomerKeyMD5(k.keyMd5()));
                },
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                        "application/octet-stream"));
        parts.add(CompletedPart.builder().partNumber(number).eTag(response.eTag())
                .checksumCRC32(response.checksumCRC32()).build());
        filled = 0;
    }
}
