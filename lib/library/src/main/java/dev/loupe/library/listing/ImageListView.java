package dev.loupe.library.listing;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.library.FileSizes;
import dev.loupe.library.Image;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageView;

/**
 * A page of {@code GET /v1/images} in Loupe's conventions: {@code {"images": [...], "total": n, "next_cursor": ...}}
 * and the same fields in XML ({@code <image_list><images><image>...}). Rows carry what a list shows, under the names
 * {@link ImageView} uses for them; usages and EXIF stay on the image's own route, so a page reads no usage records.
 */
@JacksonXmlRootElement(localName = "image_list")
public record ImageListView(
        @JacksonXmlElementWrapper(localName = "images") @JacksonXmlProperty(localName = "image") List<Row> images,
        long total, String nextCursor) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Row(String id, String fileName, String description, String folderId, String status, String url,
                      String thumbnailUrl, int width, int height, long fileSize, String fileSizeHuman,
                      String extension, String created, ImageView.PersonView createdBy, String lastUpdated,
                      ImageView.PersonView modifiedBy) {
    }

    public static ImageListView of(ListPage page, ImageLinks links) {
        return new ImageListView(page.images().stream().map(image -> row(image, links)).toList(), page.total(),
                page.nextCursor().orElse(null));
    }

    static Row row(Image image, ImageLinks links) {
        return new Row(image.imageId(), image.fileName(), image.description(), image.folderId().orElse(null),
                image.status().word(), links.original(image).toString(), links.smallestThumbnail(image).toString(),
                image.width(), image.height(), image.fileSize(), FileSizes.human(image.fileSize()), image.extension(),
                image.created().toString(), new ImageView.PersonView(image.createdBy().id(), image.createdBy().name()),
                image.modified().toString(),
                new ImageView.PersonView(image.modifiedBy().id(), image.modifiedBy().name()));
    }
}
