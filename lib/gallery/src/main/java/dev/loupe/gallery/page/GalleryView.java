package dev.loupe.gallery.page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.gallery.Gallery;
import dev.loupe.gallery.GalleryService;
import dev.loupe.gallery.PlayerSetup;
import dev.loupe.library.Image;
import dev.loupe.library.ImageLinks;

/**
 * The ImageShack-style gallery API's gallery shape: {@code <gallery version="2" updated="..."><server/><name/><title/>
 * <uploader/><files total=""/><links/></gallery>}, and the same fields in JSON. {@code server} is the project: with
 * the name it identifies a gallery, as the gallery API's server and name do. {@code yfrog_url}, a third party's link,
 * is left out. After the gallery API's fields come the slideshow API's: description, security, view count,
 * cover image id and player setup; each file carries its caption. {@code rating} (the average of its ratings, two
 * decimals, null when none) and {@code rating_count} come from its ratings' tally, in every answer that shows a
 * gallery: the view, the lists, the search and the top-rated list.
 */
@JacksonXmlRootElement(localName = "gallery")
public record GalleryView(@JacksonXmlProperty(isAttribute = true) int version,
                          @JacksonXmlProperty(isAttribute = true) long updated,
                          String server, String name, String title, Uploader uploader, Files files, Links links,
                          String description, String security, long views, String cover, Player player,
                          long commentCount, Double rating, long ratingCount) {

    public record Uploader(String username, String token) {
    }

    public record Files(@JacksonXmlProperty(isAttribute = true) int total,
                        @JacksonXmlElementWrapper(useWrapping = false) List<FileView> file) {
    }

    /**
     * One image of the gallery with the gallery API's fields: {@code server} the project, {@code bucket} the library's
     * image id (the gallery API's server/bucket/name identify a file as these do), {@code name} the file name; plus
     * presigned links to the bytes in S3, which never pass through a Lambda.
     */
    public record FileView(String server, String name, String bucket, boolean thumbnail, int width, int height,
                           String imageUrl, String thumbnailUrl, String caption) {
        static FileView of(Image image, ImageLinks links, Gallery gallery) {
            return new FileView(image.projectId(), image.fileName(), image.imageId(),
                    !image.thumbnailSizes().isEmpty(), image.width(), image.height(),
                    links.original(image).toString(), links.smallestThumbnail(image).toString(),
                    gallery.details().captions().get(image.imageId()));
        }
    }

    public record Links(String galleryUrl, String playerUrl, String embedCode) {
    }

    /** The player setup, as edit takes it: {@code interval} seconds, {@code transition}, {@code loop}... */
    public record Player(int interval, String transition, boolean loop, boolean shuffle, boolean captions,
                         String theme) {
        static Player of(PlayerSetup p) {
            return new Player(p.intervalSeconds(), p.transition().value(), p.loop(), p.shuffle(), p.captions(),
                    p.theme().value());
        }
    }

    /** Renders a gallery for a caller; links are absolute, on the base URL the request came in on. */
    public static GalleryView of(GalleryService.Result result, String baseUrl, ImageLinks imageLinks) {
        Gallery g = result.gallery();
        List<FileView> files = result.images().stream().map(i -> FileView.of(i, imageLinks, g)).toList();
        return new GalleryView(2, g.updated().getEpochSecond(), g.projectId(), g.name(), g.title(),
                new Uploader(g.ownerUserName().orElse(null), result.ownerToken().orElse(null)),
                new Files(files.size(), files), links(g, baseUrl, result.viewToken()),
                g.details().description(), g.details().security().value(), g.views(),
                g.details().coverImageId().orElse(null), Player.of(g.details().player()), g.comments(),
                g.ratings().average().orElse(null), g.ratings().count());
    }

    /**
     * The public page, player and embed code: their URLs name the project, so no project learns another's names. A
     * view token (a protected or private gallery, for whoever may see it) rides along in {@code vt}.
     */
    static Links links(Gallery g, String baseUrl, Optional<String> viewToken) {
        String page = pageUrl(baseUrl, g.projectId(), g.name());
        String token = viewToken.map(t -> "?vt=" + encode(t)).orElse("");
        String player = page + "/player";
        String embed = EmbedCode.of(player + (token.isEmpty() ? "?embed=1" : token + "&embed=1"), 640, 480,
                g.title().isEmpty() ? g.name() : g.title());
        return new Links(page + token, player + token, embed);
    }

    /** A gallery's public page, without a view token: {@code <base>/p/<project>/g/<name>}; the player is below it. */
    public static String pageUrl(String baseUrl, String projectId, String name) {
        return baseUrl + "/p/" + encode(projectId) + "/g/" + encode(name);
    }

    /** {@code url} with {@code ?vt=<token>} when there is a token. */
    public static String withViewToken(String url, Optional<String> viewToken) {
        return viewToken.map(t -> url + (url.contains("?") ? "&" : "?") + "vt=" + encode(t)).orElse(url);
    }

    /** The gallery API's answer to delete: {@code <gallery version="1.0"/>}. */
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
                    .map(g -> Entry.of(g, baseUrl)).toList());
        }
    }

    /** The newest public galleries: Loupe's own paging, {@code limit} and an opaque {@code next_cursor}. */
    @JacksonXmlRootElement(localName = "galleries")
    public record NewestView(@JacksonXmlProperty(isAttribute = true) int version,
                             @JacksonXmlElementWrapper(useWrapping = false) List<Entry> gallery, String nextCursor) {
        public static NewestView of(List<Gallery> galleries, Optional<String> nextCursor, String baseUrl) {
            return new NewestView(2, galleries.stream().map(g -> Entry.of(g, baseUrl)).toList(),
                    nextCursor.orElse(null));
        }
    }

    public record Count(int total, int batch) {
    }

    public record Entry(@JacksonXmlProperty(isAttribute = true) long added, String server, String name, String title,
                        Links links, Double rating, long ratingCount) {
        static Entry of(Gallery g, String baseUrl) {
            return new Entry(g.added().getEpochSecond(), g.projectId(), g.name(), g.title(),
                    GalleryView.links(g, baseUrl, Optional.empty()), g.ratings().average().orElse(null), g.ratings().count());
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

}
