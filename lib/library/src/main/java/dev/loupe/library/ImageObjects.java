package dev.loupe.library;

import java.util.List;
import java.util.function.Supplier;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The image bucket's objects for the library: originals, thumbnails and exports (keys in {@link LibraryKeys}). */
public final class ImageObjects {
    private final Supplier<S3Client> client;
    private final String bucket;

    public ImageObjects(S3Client s3, String bucket) {
        this.client = () -> s3;
        this.bucket = bucket;
    }

    private ImageObjects(Supplier<S3Client> client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /**
     * With the client asked for on first use: a function whose request only presigns (the upload URL) then never
     * builds an S3 client on its cold start.
     */
    public static ImageObjects onFirstUse(Supplier<S3Client> client, String bucket) {
        return new ImageObjects(client, bucket);
    }

    private S3Client s3() {
        return client.get();
    }

    public String bucket() {
        return bucket;
    }

    /**
     * Stores bytes with their MD5 checked by S3 on arrival (Content-MD5); answers the object's ETag without the
     * quotes S3 puts around it in headers (S3 events carry it bare).
     */
    public String put(String key, byte[] bytes, String contentType, String md5Base64) {
        return s3().putObject(p -> p.bucket(bucket).key(key).contentType(contentType).contentMD5(md5Base64),
                RequestBody.fromBytes(bytes)).eTag().replace("\"", "");
    }

    /**
     * Stores bytes that never change under their key (renditions): browsers and CDNs may keep them for a year without
     * asking again. A new upload is a new image id, so a key never gets other bytes.
     */
    public void putImmutable(String key, byte[] bytes, String contentType) {
        s3().putObject(p -> p.bucket(bucket).key(key).contentType(contentType).contentMD5(Md5.base64(bytes))
                .cacheControl(IMMUTABLE), RequestBody.fromBytes(bytes));
    }

    /** Cache-Control of the renditions. */
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";

    public byte[] get(String key) {
        return s3().getObjectAsBytes(g -> g.bucket(bucket).key(key)).asByteArray();
    }

    /** The object's bytes, or empty when there is no such object (deleted since someone named it). */
    public java.util.Optional<byte[]> find(String key) {
        try {
            return java.util.Optional.of(get(key));
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException gone) {
            return java.util.Optional.empty();
        }
    }

    /** Deletes everything under a prefix (an image's original or thumbnails); deleting what is gone is fine. */
    public void deletePrefix(String prefix) {
        String token = null;
        do {
            String from = token;
            var page = s3().listObjectsV2(l -> l.bucket(bucket).prefix(prefix).continuationToken(from));
            List<ObjectIdentifier> keys = page.contents().stream().map(S3Object::key)
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            if (!keys.isEmpty()) {
                s3().deleteObjects(d -> d.bucket(bucket).delete(x -> x.objects(keys).quiet(true)));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
    }

    public void delete(String key) {
        s3().deleteObject(d -> d.bucket(bucket).key(key));
    }
}
