package dev.loupe.library;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Links to an image's bytes. The bucket is private and image bytes never pass through a Lambda response, so every
 * link is a presigned GET, short-lived, that names the file for a browser's save dialog. Signing happens locally:
 * no request is sent, so a page of fifty images costs fifty signatures, not fifty calls.
 */
public final class ImageLinks {
    /** Long enough for a page to load and a user to click; short enough that a leaked link soon dies. */
    public static final Duration VALIDITY = Duration.ofHours(1);

    private final S3Presigner presigner;
    private final String bucket;

    public ImageLinks(S3Presigner presigner, String bucket) {
        this.presigner = presigner;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    /** The original, served inline under its current name. */
    public URI original(Image image) {
        return get(image.objectKey(), "inline; filename*=UTF-8''" + encode(image.fileName()));
    }

    public URI thumbnail(Image image, int size) {
        return get(LibraryKeys.thumbnailKey(image.projectId(), image.imageId(), size), null);
    }

    /** A rendition ({@link Image#renditionWidths}) in a format, by its extension (jpg, webp, avif). */
    public URI rendition(Image image, int width, String extension) {
        return get(LibraryKeys.renditionKey(image.projectId(), image.imageId(), width, extension), null);
    }

    /** The 1200 x 630 sharing crop of an image that has renditions. */
    public URI sharingCrop(Image image) {
        return get(LibraryKeys.sharingCropKey(image.projectId(), image.imageId()), null);
    }

    /** The smallest thumbnail, or the original when there is none (listing rows show this one). */
    public URI smallestThumbnail(Image image) {
        return image.thumbnailSizes().stream().min(Integer::compare)
                .map(size -> thumbnail(image, size)).orElseGet(() -> original(image));
    }

    /** Any object of the bucket as an attachment download (exports). */
    public URI download(String key, String fileName) {
        return get(key, "attachment; filename*=UTF-8''" + encode(fileName));
    }

    private URI get(String key, String contentDisposition) {
        return URI.create(presigner.presignGetObject(p -> p.signatureDuration(VALIDITY)
                .getObjectRequest(g -> {
                    g.bucket(bucket).key(key);
                    if (contentDisposition != null) {
                        g.responseContentDisposition(contentDisposition);
                    }
                })).url().toString());
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
