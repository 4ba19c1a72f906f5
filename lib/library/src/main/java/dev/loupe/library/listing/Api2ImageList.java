package dev.loupe.library.listing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.library.FileSizes;
import dev.loupe.library.Image;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.Person;

/**
 * The image list API's answer, field for field: {@code {"total", "totalcount", "currentpage", "image": [...]}} in JSON,
 * {@code <images>} with repeated {@code <image>} elements in XML. {@code total} counts the images that match the
 * filters and search, {@code totalcount} every listed image of the project. Ids are Loupe's opaque strings; an
 * image's {@code attachmentid} is its id too (its one original file has no id of its own).
 */
@JacksonXmlRootElement(localName = "images")
@JsonPropertyOrder({"total", "totalcount", "currentpage", "image"})
public record Api2ImageList(long total, long totalcount, long currentpage,
                            @JacksonXmlElementWrapper(useWrapping = false) List<Row> image) {

    /** The image list API's times: "27 Feb 2019 11:19", in UTC. */
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    @JsonPropertyOrder({"id", "name", "createdby", "createddate", "modifiedby", "modifieddate", "status",
            "attachmentid", "filesize", "thumbnailurl", "url", "extension", "height", "width"})
    public record Row(String id, String name, User createdby, String createddate, User modifiedby,
                      String modifieddate, String status, String attachmentid, String filesize, String thumbnailurl,
                      String url, String extension, int height, int width) {
    }

    public record User(String id, String name) {
        static User of(Person person) {
            return new User(person.id(), person.name());
        }
    }

    public static Api2ImageList of(ListPage page, long pageNumber, ImageLinks links) {
        return new Api2ImageList(page.total(), page.totalCount(), pageNumber,
                page.images().stream().map(image -> row(image, links)).toList());
    }

    static Row row(Image image, ImageLinks links) {
        return new Row(image.imageId(), image.fileName(), User.of(image.createdBy()), time(image.created()),
                User.of(image.modifiedBy()), time(image.modified()), image.status().word(), image.imageId(),
                FileSizes.human(image.fileSize()), links.smallestThumbnail(image).toString(),
                links.original(image).toString(), image.extension(), image.height(), image.width());
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }
}
