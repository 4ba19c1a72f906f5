package dev.loupe.task;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.loupe.s3.MultipartObjectStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * A task's objects in the task bucket (keys: {@link TaskKeys}). Objects of a task with a {@code file_encryption_key}
 * are written and read with SSE-C under that key: S3 keeps no copy of the key, so nobody reads them without it.
 */
public final class TaskObjects {
    /** S3's smallest multipart part (all but the last). */
    public static final long MIN_PART_BYTES = 5L * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;

    public TaskObjects(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    /**
     * Writes {@code bytes}, which the caller must not change while this runs: they are sent as they are, without the
     * copy {@code RequestBody.fromBytes} makes (a tool's output, a megabyte or more per file).
     */
    public void put(String key, byte[] bytes, Optional<FileKey> fileKey) {
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key)
                .contentType("application/octet-stream");
        fileKey.ifPresent(k -> put.sseCustomerAlgorithm(k.algorithm()).sseCustomerKey(k.base64Key())
                .sseCustomerKeyMD5(k.base64KeyMd5()));
        s3.putObject(put.build(), RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(bytes),
                bytes.length, "application/octet-stream"));
    }

    public byte[] get(String key, Optional<FileKey> fileKey) {
        GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(bucket).key(key);
        fileKey.ifPresent(k -> get.sseCustomerAlgorithm(k.algorithm()).sseCustomerKey(k.base64Key())
                .sseCustomerKeyMD5(k.base64KeyMd5()));
        // Read once into an array of the object's length: getObjectAsBytes(...).asByteArray() grows a buffer, then
        // copies it twice (an input is megabytes, read once per file by every worker).
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(get.build())) {
            Long length = in.response().contentLength();
            if (length == null || length < 0 || length > Integer.MAX_VALUE - 8) {
                return in.readAllBytes();
            }
            byte[] bytes = in.readNBytes(length.intValue());
            if (bytes.length != length || in.read() != -1) {
                throw new IOException("object " + key + " is not the " + length + " bytes S3 announced");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An object's bytes as a stream (the caller closes it). */
    public java.io.InputStream open(String key, Optional<FileKey> fileKey) {
        GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(bucket).key(key);
        fileKey.ifPresent(k -> get.sseCustomerAlgorithm(k.algorithm()).sseCustomerKey(k.base64Key())
                .sseCustomerKeyMD5(k.base64KeyMd5()));
        return s3.getObject(get.build());
    }

    /** An object's size in bytes (a HEAD of an SSE-C object needs its key too). */
    public long size(String key, Optional<FileKey> fileKey) {
        HeadObjectRequest.Builder head = HeadObjectRequest.builder().bucket(bucket).key(key);
        fileKey.ifPresent(k -> head.sseCustomerAlgorithm(k.algorithm()).sseCustomerKey(k.base64Key())
                .sseCustomerKeyMD5(k.base64KeyMd5()));
        return s3.headObject(head.build()).contentLength();
    }

    /**
     * A copy inside S3, without passing through a function (the output of a one-file task becomes its download).
     * {@code fromKey} reads the source, {@code toKey} encrypts the copy; with none, the bucket's default encryption.
     */
    public void copy(String from, String to, Optional<FileKey> fromKey, Optional<FileKey> toKey) {
        CopyObjectRequest.Builder copy = CopyObjectRequest.builder().sourceBucket(bucket).sourceKey(from)
                .destinationBucket(bucket).destinationKey(to);
        fromKey.ifPresent(k -> copy.copySourceSSECustomerAlgorithm(k.algorithm())
                .copySourceSSECustomerKey(k.base64Key()).copySourceSSECustomerKeyMD5(k.base64KeyMd5()));
        toKey.ifPresent(k -> copy.sseCustomerAlgorithm(k.algorithm()).sseCustomerKey(k.base64Key())
                .sseCustomerKeyMD5(k.base64KeyMd5()));
        s3.copyObject(copy.build());
    }

    /** An object written as a stream in parts of {@code partSize}: see {@link MultipartObjectStream}. */
    public MultipartObjectStream stream(String key, String contentType, int partSize, Optional<FileKey> fileKey) {
        return MultipartObjectStream.start(s3, bucket, key, contentType, partSize, fileKey.map(FileKey::sse));
    }

    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }

    /**
     * Joins a file's chunks ({@code sizes} in order, objects {@code chunkKeys}) into {@code target} with one
     * multipart upload. A Lambda request carries at most 6 MB while every part but the last must be at least 5 MiB:
     * small chunks are read and concatenated into a part of at least 5 MiB; a chunk that is already that large
     * (with nothing pending before it) is copied inside S3 (UploadPartCopy) without passing through the function.
     * Returns the file's size.
     */
    public long assemble(List<String> chunkKeys, List<Long> sizes, String target, Optional<FileKey> fileKey) {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(bucket)
                .key(target).contentType("application/octet-stream");
        fileKey.ifPresent(k -> create.sseCustomerAlgorithm(k.algorithm()).sseCustomerKey(k.base64Key())
                .sseCustomerKeyMD5(k.base64KeyMd5()));
        String uploadId = s3.createMultipartUpload(create.build()).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            long total = 0;
            for (int i = 0; i < chunkKeys.size(); i++) {
                long size = sizes.get(i);
                total += size;
                if (pending.size() == 0 && size >= MIN_PART_BYTES) {
                    parts.add(copyPart(uploadId, target, parts.size() + 1, chunkKeys.get(i), fileKey));
                    continue;
                }
                pending.writeBytes(get(chunkKeys.get(i), fileKey));
                if (pending.size() >= MIN_PART_BYTES) {
                    parts.add(uploadPart(uploadId, target, parts.size() + 1, pending.toByteArray(), fileKey));
                    pending.reset();
                }
            }
            if (pending.size() > 0 || parts.isEmpty()) {
                parts.add(uploadPart(uploadId, target, parts.size() + 1, pending.toByteArray(), fileKey));
            }
            // SSE-C multipart uploads are completed with the key too (S3 checks it against the one they began with).
            var complete = software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest.builder()
                    .bucket(bucket).key(target).uploadId(uploadId).multipartUpload(m -> m.parts(parts));
            fileKey.ifPresent(k -> complete.sseCustomerAlgorithm(k.algorithm()).sseCustomerKey(k.base64Key())
                    .sseCustomerKeyMD5(k.base64KeyMd5()));
            s3.completeMultipartUpload(complete.build());
            return total;
        } catch (RuntimeException e) {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(target).uploadId(uploadId));
            throw e;
        }
    }

    private CompletedPart uploadPart(String uploadId, String target, int number, byte[] bytes,
                                     Optional<FileKey> fileKey) {
        UploadPartRequest.Builder part = UploadPartRequest.builder().bucket(bucket).key(target).uploadId(uploadId)
                .partNumber(number);
        fileKey.ifPresent(k -> part.sseCustomerAlgorithm(k.algorithm()).sseCustomerKey(k.base64Key())
                .sseCustomerKeyMD5(k.base64KeyMd5()));
        String etag = s3.uploadPart(part.build(), RequestBody.fromBytes(bytes)).eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    private CompletedPart copyPart(String uploadId, String target, int number, String source,
                                   Optional<FileKey> fileKey) {
        UploadPartCopyRequest.Builder copy = UploadPartCopyRequest.builder().sourceBucket(bucket).sourceKey(source)
                .destinationBucket(bucket).destinationKey(target).uploadId(uploadId).partNumber(number);
        fileKey.ifPresent(k -> copy.sseCustomerAlgorithm(k.algorithm()).sseCustomerKey(k.base64Key())
                .sseCustomerKeyMD5(k.base64KeyMd5()).copySourceSSECustomerAlgorithm(k.algorithm())
                .copySourceSSECustomerKey(k.base64Key()).copySourceSSECustomerKeyMD5(k.base64KeyMd5()));
        String etag = s3.uploadPartCopy(copy.build()).copyPartResult().eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    /** Every key under a prefix. */
    public List<String> keysUnder(String prefix) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder list = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix);
            if (token != null) {
                list.continuationToken(token);
            }
            ListObjectsV2Response page = s3.listObjectsV2(list.build());
            page.contents().forEach(o -> keys.add(o.key()));
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return keys;
    }

    /** Deletes everything under a prefix, in batches of S3's 1,000; idempotent. Returns how many there were. */
    public int deleteUnder(String prefix) {
        List<String> keys = keysUnder(prefix);
        for (int from = 0; from < keys.size(); from += 1000) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true).build()));
        }
        return keys.size();
    }

    /** Whether an object exists; by listing, since a HEAD of an SSE-C object needs its key. */
    public boolean exists(String key) {
        return keysUnder(key).contains(key);
    }
}
