package dev.loupe.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A library image: its details ({@code GET /v1/images/{id}}), or a row of a listing (with fewer fields: the rest
 * null). The fields of its bytes (url, sizes, thumbnails) come once it is ready.
 *
 * @param status pending (a presigned upload not yet ingested), active, archived or failed
 */
public record Image(String id, String fileName, String description, String folderId, String status, String failure,
        String url, String thumbnailUrl, List<Thumbnail> thumbnails, Placeholder placeholder, Integer width,
        Integer height, Integer pages, Long fileSize, String fileSizeHuman, String md5, String fileType,
        String extension, Instant created, Person createdBy, Instant lastUpdated, Person modifiedBy,
        Map<String, String> exif, List<Usage> usages, Integer commentCount, Double rating, Integer ratingCount) {

    public record Thumbnail(int size, String url) {
    }

    /** @param type blurhash */
    public record Placeholder(String type, String value) {
    }

    /** Where the image is used (a gallery: feature {@code gallery}, ref its name). */
    public record Usage(String feature, String ref, String name, String link, Instant added, Instant imageDeleted) {
    }
}
