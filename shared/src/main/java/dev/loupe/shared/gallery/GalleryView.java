package dev.loupe.shared.gallery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

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

    /** One image of the gallery, with the reference's fields (filled when galleries take library images). */
    public record FileView(String server, String name, String bucket, boolean thumbnail, int width, int height) {
    }

    public record Links(String galleryUrl, String playerUrl, String embedCode) {
    }

    /** Renders a gallery for a caller; links are absolute, on the base URL the request came in on. */
    public static GalleryView of(GalleryService.Result result, String baseUrl) {
        Gallery g = result.gallery();
        String page = baseUrl + "/p/" + encode(g.projectId()) + "/g/" + encode(g.name());
        String player = page + "/player";
        String embed = "<iframe src=\"" + player + "?embed=1\" width=\"640\" height=\"480\" frameborder=\"0\" "
                + "allow=\"fullscreen\" allowfullscreen title=\"" + escapeAttribute(g.title().isEmpty() ? g.name()
                : g.title()) + "\"></iframe>";
        return new GalleryView(2, g.updated().getEpochSecond(), g.projectId(), g.name(), g.title(),
                new Uploader(g.ownerUserName().orElse(null), result.ownerToken().orElse(null)),
                new Files(0, List.of()), new Links(page, player, embed));
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String escapeAttribute(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
