package dev.loupe.shared.gallery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.shared.library.Image;
import dev.loupe.shared.library.ImageLinks;

/**
 * The reference's gallery shape (001): {@code <gallery version="2" updated="..."><server/><name/><title/>
 * <uploader/><files total=""/><links/></gallery>}, and the same fields in JSON. {@code server} is the project: with
 * the name it identifies a gallery, as the reference's server and name do. {@code yfrog_url}, a third party's link,
 * is left out.
 */
@JacksonXmlRootElement(localName = "gallery")
public record GalleryView(@JacksonXmlProperty(isAttribute = true) int version,
                          @JacksonXmlProperty(isAttribute = true) long updated,
                          String server, String name, String title, Uploader uploader, Files files, Links links) {

    public record Uploader(String username, String token) {
    }

    public record Files(@JacksonXmlProperty(isAttribute = true) int total,
                        @JacksonXmlElementWrapper(useWrapping = false) List<FileView> file) {
    }

    /**
     * One image of the gallery with the reference's fields: {@code server} the project, {@code bucket} the library's
     * image id (the reference's server/bucket/name identify a file as these do), {@code name} the file name; plus
     * presigned links to the bytes in S3, which never pass through a Lambda.
     */
    public record FileView(String server, String name, String bucket, boolean thumbnail, int width, int height,
                           String imageUrl, String thumbnailUrl) {
        static FileView of(Image image, ImageLinks links) {
            return new FileView(image.projectId(), image.fileName(), image.imageId(),
                    !image.thumbnailSizes().isEmpty(), image.width(), image.height(),
                    links.original(image).toString(), links.smallestThumbnail(image).toString());
        }
    }

    public record Links(String galleryUrl, String playerUrl, String embedCode) {
    }

    /** Renders a gallery for a caller; links are absolute, on the base URL the request came in on. */
    public static GalleryView of(GalleryService.Result result, String baseUrl, ImageLinks imageLinks) {
        Gallery g = result.gallery();
        List<FileView> files = result.images().stream().map(i -> FileView.of(i, imageLinks)).toList();
        return new GalleryView(2, g.updated().getEpochSecond(), g.projectId(), g.name(), g.title(),
                new Uploader(g.ownerUserName().orElse(null), result.ownerToken().orElse(null)),
                new Files(files.size(), files), links(g, baseUrl));
    }

    /** The public page, player and embed code: their URLs name the project, so no project learns another's names. */
    static Links links(Gallery g, String baseUrl) {
        String page = baseUrl + "/p/" + encode(g.projectId()) + "/g/" + encode(g.name());
        String player = page + "/player";
        String embed = "<iframe src=\"" + player + "?embed=1\" width=\"640\" height=\"480\" frameborder=\"0\" "
                + "allow=\"fullscreen\" allowfullscreen title=\"" + escapeAttribute(g.title().isEmpty() ? g.name()
                : g.title()) + "\"></iframe>";
        return new Links(page, player, embed);
    }

    /** The reference's answer to delete: {@code <gallery version="1.0"/>}. */
    @JacksonXmlRootElement(localName = "gallery")
    public record Deleted(@JacksonXmlProperty(isAttribute = true) String version) {
        public static final Deleted INSTANCE = new Deleted("1.0");
    }

    /** gallery_list: {@code <galleries version="2"><count><total/><batch/></count><gallery added="">...}. */
    @JacksonXmlRootElement(localName = "galleries")
    public record ListView(@JacksonXmlProperty(isAttribute = true) int version, Count count,
                           @JacksonXmlElementWrapper(useWrapping = false) List<Entry> gallery) {
        public static ListView of(GalleryService.ListResult list, String baseUrl) {
            return new ListView(2, new Count(list.total(), list.galleries().size()), list.galleries().stream()
                    .map(g -> new Entry(g.added().getEpochSecond(), g.projectId(), g.name(), g.title(),
                            links(g, baseUrl))).toList());
        }
    }

    public record Count(int total, int batch) {
    }

    public record Entry(@JacksonXmlProperty(isAttribute = true) long added, String server, String name, String title,
                        Links links) {
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String escapeAttribute(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
