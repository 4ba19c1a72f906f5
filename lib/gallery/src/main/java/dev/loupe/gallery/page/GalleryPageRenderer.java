package dev.loupe.gallery.page;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The gallery's public page: server-rendered HTML that works without JavaScript; the inline script adds a lightbox. */
public final class GalleryPageRenderer {
    private static final String PAGE = Html.resource("gallery.html");
    private static final String ITEM = Html.resource("gallery-item.html");
    private static final String STYLE = Html.resource("gallery.css");
    private static final String SCRIPT = Html.resource("gallery.js");
    // The page's inline code never changes, so its CSP hashes are computed once.
    private static final String STYLE_HASH = Html.sha256(STYLE);
    private static final String SCRIPT_HASH = Html.sha256(SCRIPT);

    /**
     * The grid cell's width at each viewport width, as gallery.css lays the grid out (columns of at least 220 px with
     * 16 px gaps in a main of at most 1,200 px with 20 px padding): one column below 496 px, then two, three, four.
     */
    static final String GRID_SIZES = "(max-width: 495px) calc(100vw - 40px), (max-width: 731px) calc(50vw - 28px), "
            + "(max-width: 967px) calc(33.3vw - 24px), (max-width: 1199px) calc(25vw - 22px), 278px";

    private GalleryPageRenderer() {}

    public static String render(GalleryPageModel model) {
        StringBuilder items = new StringBuilder();
        StringBuilder placeholders = new StringBuilder();
        List<String> imageUrls = new ArrayList<>();
        List<GalleryPageModel.Item> list = model.items();
        for (int i = 0; i < list.size(); i++) {
            GalleryPageModel.Item item = list.get(i);
            imageUrls.addAll(item.urls());
            if (item.placeholder() != null) {
                placeholders.append(".ph").append(i).append("{background-image:url(").append(item.placeholder())
                        .append(")}\n");
            }
            items.append(Html.fill(ITEM, Map.of(
                    "imageUrl", Html.url(item.imageUrl()),
                    "index", Integer.toString(i),
                    "caption", Html.text(item.caption()),
                    "picture", picture(item, i),
                    "captionBlock", item.caption().isBlank() ? ""
                            : "<p class=\"caption\">" + Html.text(item.caption()) + "</p>")));
        }
        // The placeholders' rules change with the images, so their hash is taken per page.
        String placeholderStyle = placeholders.toString();
        String styleHashes = placeholderStyle.isEmpty() ? STYLE_HASH : STYLE_HASH + " " + Html.sha256(placeholderStyle);
        String imageSources = Html.imageSources(imageUrls) + (placeholderStyle.isEmpty() ? "" : " data:");

        Map<String, String> v = new HashMap<>();
        v.put("csp", Html.text(Html.csp(SCRIPT_HASH, styleHashes, imageSources)));
        v.put("placeholderStyle", placeholderStyle.isEmpty() ? "" : "<style>" + placeholderStyle + "</style>\n");
        v.put("title", Html.text(model.title()));
        v.put("description", Html.text(model.description()));
        v.put("pageUrl", Html.url(model.pageUrl()));
        v.put("playerUrl", Html.url(model.playerUrl()));
        v.put("ogImage", model.coverImageUrl() == null ? ""
                : "<meta property=\"og:image\" content=\"" + Html.url(model.coverImageUrl()) + "\">\n"
                + "<meta name=\"twitter:image\" content=\"" + Html.url(model.coverImageUrl()) + "\">\n");
        v.put("owner", model.ownerName().isBlank() ? ""
                : "<p class=\"owner\">by " + Html.text(model.ownerName()) + "</p>\n");
        v.put("descriptionBlock", model.description().isBlank() ? ""
                : "<p class=\"description\">" + Html.text(model.description()) + "</p>\n");
        v.put("count", list.size() == 1 ? "1 image" : list.size() + " images");
        v.put("items", items.toString());
        v.put("style", STYLE);
        v.put("script", SCRIPT);
        return Html.fill(PAGE, v);
    }

    /**
     * The grid's image: a picture whose sources offer AVIF and WebP and whose img offers JPEG, each at every width,
     * for the browser to take what the cell needs at the screen's density; a plain img of the thumbnail for an image
     * without renditions. Its placeholder (class ph<i>) is its background until it loads.
     */
    static String picture(GalleryPageModel.Item item, int index) {
        String placeholder = item.placeholder() == null ? "" : " class=\"ph ph" + index + "\"";
        String common = " alt=\"" + Html.text(item.altText()) + "\" width=\"" + item.width() + "\" height=\""
                + item.height() + "\" loading=\"lazy\" decoding=\"async\"" + placeholder + ">";
        GalleryPageModel.Picture picture = item.picture();
        if (picture == null) {
            return "<img src=\"" + Html.url(item.thumbnailUrl()) + "\"" + common;
        }
        return "<picture>" + source("image/avif", picture.avif(), GRID_SIZES) + source("image/webp", picture.webp(),
                GRID_SIZES) + "<img src=\"" + Html.url(picture.jpegFor(640).url()) + "\" srcset=\""
                + srcset(picture.jpeg()) + "\" sizes=\"" + GRID_SIZES + "\"" + common + "</picture>";
    }

    private static String source(String type, List<GalleryPageModel.Candidate> candidates, String sizes) {
        return candidates.isEmpty() ? "" : "<source type=\"" + type + "\" srcset=\"" + srcset(candidates)
                + "\" sizes=\"" + sizes + "\">";
    }

    /** {@code url 2048w, url 1280w, ...}: a URL runs to the next space, and presigned URLs have none. */
    static String srcset(List<GalleryPageModel.Candidate> candidates) {
        StringBuilder out = new StringBuilder();
        for (GalleryPageModel.Candidate c : candidates) {
            if (!out.isEmpty()) out.append(", ");
            out.append(Html.url(c.url())).append(' ').append(c.width()).append('w');
        }
        return out.toString();
    }
}
