package dev.loupe.client;

/**
 * An image as the image list API ({@code GET /api/2/images}) names its fields.
 *
 * @param createddate {@code dd MMM yyyy HH:mm}, UTC, as that API writes it
 * @param filesize    human-readable, such as {@code 1.2 MB}
 */
public record ListedImage(String id, String name, Person createdby, String createddate, Person modifiedby,
        String modifieddate, String status, String attachmentid, String filesize, String thumbnailurl, String url,
        String extension, int height, int width) {
}
