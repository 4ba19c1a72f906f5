package dev.loupe.client;

/**
 * Filters and order of a listing of the library's images (the image list API's and {@code GET /v1/images}); null
 * fields are not sent.
 *
 * @param status    active or archived, comma-separated
 * @param extension file extensions, comma-separated (jpg,png)
 * @param search    words of the file name or description
 * @param sort      name, createdby, createddate, modifieddate, status or extension, with + or - in front
 * @param limit     the page size
 */
public record ImageQuery(String status, String extension, String search, String sort, Integer limit) {
    public static ImageQuery all() {
        return new ImageQuery(null, null, null, null, null);
    }

    public ImageQuery withStatus(String status) {
        return new ImageQuery(status, extension, search, sort, limit);
    }

    public ImageQuery withExtension(String extension) {
        return new ImageQuery(status, extension, search, sort, limit);
    }

    public ImageQuery withSearch(String search) {
        return new ImageQuery(status, extension, search, sort, limit);
    }

    public ImageQuery withSort(String sort) {
        return new ImageQuery(status, extension, search, sort, limit);
    }

    public ImageQuery withLimit(int limit) {
        return new ImageQuery(status, extension, search, sort, limit);
    }
}
