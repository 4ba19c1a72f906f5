package dev.loupe.library;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loupe.core.dynamo.StarRatings;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * An image as Loupe's own routes show it, in JSON or XML with the same fields: Constant Contact's details (URL, height,
 * width, file size, MD5, file type, last updated, usages) in Loupe's conventions (snake_case, ISO times, sizes in
 * bytes and in the human form). GPS appears only when the owner published it. The image's details carry its
 * ratings ({@code rating}: the average, two decimals, left out when none; {@code rating_count}); lists leave both out.
 * {@code placeholder} is what a page can show while the image loads ({@code {"type": "blurhash", "value":
 * "LEHV6n..."}}); images ingested before Loupe made placeholders have none. {@code renditions} are its copies at
 * the ingest's widths in each format, widest first (a srcset per {@code type}, as the gallery page and the browser
 * module build them): empty while the asynchronous ingest makes them after an upload through the API (seconds), and
 * for an image ingested before Loupe made renditions; pages then show its thumbnails and original.
 */
@JacksonXmlRootElement(localName = "image")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageView(String id, String fileName, String description, String folderId, String status,
                        String failure, String url, String thumbnailUrl,
                        @JacksonXmlElementWrapper(localName = "thumbnails") @JacksonXmlProperty(localName = "thumbnail")
                        List<Thumbnail> thumbnails, Placeholder placeholder,
                        @JacksonXmlElementWrapper(localName = "renditions") @JacksonXmlProperty(localName = "rendition")
                        List<RenditionView> renditions,
                        Integer width, Integer height, Integer pages, Long fileSize, String fileSizeHuman,
                        String md5, String fileType, String extension, String created, PersonView createdBy,
                        String lastUpdated, PersonView modifiedBy, Map<String, String> exif,
                        @JacksonXmlElementWrapper(localName = "usages") @JacksonXmlProperty(localName = "usage")
                        List<UsageView> usages, Long commentCount, Double rating, Long ratingCount) {

    public record Thumbnail(int size, String url) {
    }

    /** One rendition: its width in pixels, its media type and its presigned link. */
    public record RenditionView(int width, String type, String url) {
    }

    public record PersonView(String id, String name) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UsageView(String feature, String ref, String name, String link, String added,
                            String imageDeleted) {
    }

    public static ImageView of(Image image, List<ImageUsage> usages, ImageLinks links) {
        return of(image, usages, links, null, null);
    }

    /** An image's details view, with its count of visible comments ({@code comment_count}) and its ratings. */
    public static ImageView of(ImageService.Details details, ImageLinks links, StarRatings.Tally ratings) {
        return of(details.image(), details.usages(), links, details.commentCount(), ratings);
    }

    private static ImageView of(Image image, List<ImageUsage> usages, ImageLinks links, Long commentCount,
                                StarRatings.Tally ratings) {
        boolean ready = image.status().listed();
        Map<String, String> exif = new LinkedHashMap<>();
        image.exif().entrySet().stream()
                .filter(e -> image.gpsPublic() || !e.getKey().startsWith("gps_"))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> exif.put(e.getKey(), e.getValue()));
        return new ImageView(image.imageId(), image.fileName(), image.description(), image.folderId().orElse(null),
                image.status().word(), image.failure().orElse(null),
                ready ? links.original(image).toString() : null,
                ready ? links.smallestThumbnail(image).toString() : null,
                ready ? image.thumbnailSizes().stream()
                        .map(size -> new Thumbnail(size, links.thumbnail(image, size).toString())).toList() : null,
                ready ? image.placeholder().orElse(null) : null,
                ready ? renditions(image, links) : null,
                ready ? image.width() : null, ready ? image.height() : null, ready ? image.pages() : null,
                ready ? image.fileSize() : null, ready ? FileSizes.human(image.fileSize()) : null,
                image.md5(), ready ? image.extension().toUpperCase(java.util.Locale.ROOT) : null,
                image.extension(), image.created().toString(),
                new PersonView(image.createdBy().id(), image.createdBy().name()), image.modified().toString(),
                new PersonView(image.modifiedBy().id(), image.modifiedBy().name()),
                exif.isEmpty() ? null : exif,
                usages.stream().map(u -> new UsageView(u.feature(), u.ref(), u.name(), u.link(), u.added().toString(),
                        u.imageDeleted().map(Object::toString).orElse(null))).toList(), commentCount,
                ratings == null ? null : ratings.average().orElse(null), ratings == null ? null : ratings.count());
    }

    private static List<RenditionView> renditions(Image image, ImageLinks links) {
        return IngestService.RENDITION_FORMATS.stream()
                .flatMap(format -> image.renditionWidths().stream().map(width -> new RenditionView(width,
                        format.mediaType(), links.rendition(image, width, format.extension()).toString())))
                .toList();
    }
}
