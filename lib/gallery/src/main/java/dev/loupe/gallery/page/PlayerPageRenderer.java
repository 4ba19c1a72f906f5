package dev.loupe.gallery.page;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.loupe.gallery.PlayerSetup;

/** The full-screen slideshow page; its setup is in data-* attributes on #stage, so tests and scripts can read it. */
public final class PlayerPageRenderer {
    private static final String PAGE = Html.resource("player.html");
    private static final String STYLE = Html.resource("player.css");
    private static final String SCRIPT = Html.resource("player.js");
    private static final String STYLE_HASH = Html.sha256(STYLE);
    private static final String SCRIPT_HASH = Html.sha256(SCRIPT);

    private PlayerPageRenderer() {}

    public static String render(GalleryPageModel model) {
        PlayerSetup setup = model.player();
        List<GalleryPageModel.Item> items = model.items();
        StringBuilder slides = new StringBuilder("[");
        List<String> imageUrls = new ArrayList<>();
        for (GalleryPageModel.Item item : items) {
            Html.url(item.imageUrl()); // refuses what is not http(s) before it reaches the script
            imageUrls.addAll(item.urls());
            GalleryPageModel.Picture picture = item.picture();
            if (slides.length() > 1) slides.append(',');
            // The stage fills the screen: srcsets for sizes="100vw"; "image" is the src for what reads none.
            slides.append("{\"image\":").append(Html.json(slideImage(item)))
                    .append(",\"avif\":").append(Html.json(rawSrcset(picture, GalleryPageModel.Picture::avif)))
                    .append(",\"webp\":").append(Html.json(rawSrcset(picture, GalleryPageModel.Picture::webp)))
                    .append(",\"jpeg\":").append(Html.json(rawSrcset(picture, GalleryPageModel.Picture::jpeg)))
                    .append(",\"alt\":").append(Html.json(item.altText()))
                    .append(",\"caption\":").append(Html.json(item.caption()))
                    .append(",\"width\":").append(item.width())
                    .append(",\"height\":").append(item.height()).append('}');
        }
        slides.append(']');
        GalleryPageModel.Item first = items.isEmpty() ? null : items.getFirst();

        Map<String, String> v = new HashMap<>();
        v.put("csp", Html.text(Html.csp(SCRIPT_HASH, STYLE_HASH, Html.imageSources(imageUrls))));
        v.put("title", Html.text(model.title()));
        v.put("robots", model.indexable() ? "" : "<meta name=\"robots\" content=\"noindex\">\n");
        // Search engines and link previews read it; without one Lighthouse's SEO audit fails the player.
        v.put("description", Html.text(model.description().isBlank() ? "A slideshow of " + model.title()
                : model.description()));
        v.put("pageUrl", Html.url(model.pageUrl()));
        // The second image is fetched early; the script preloads each next one as the show goes on.
        v.put("preload", items.size() < 2 ? ""
                : "<link rel=\"preload\" as=\"image\" href=\"" + Html.url(slideImage(items.get(1))) + "\""
                // AVIF, typed: a browser that can't show it skips the preload rather than fetch what it won't use.
                + (items.get(1).picture() == null ? "" : " imagesrcset=\"" + srcset(items.get(1).picture(),
                        GalleryPageModel.Picture::avif) + "\" imagesizes=\"100vw\" type=\"image/avif\"") + ">\n");
        v.put("style", STYLE);
        v.put("script", SCRIPT);
        v.put("theme", setup.theme().value());
        v.put("transition", setup.transition().value());
        v.put("captionsClass", setup.captions() ? "" : " no-captions");
        v.put("emptyClass", items.isEmpty() ? " empty" : "");
        v.put("count", Integer.toString(items.size()));
        v.put("interval", Integer.toString(setup.intervalSeconds()));
        v.put("loop", Boolean.toString(setup.loop()));
        v.put("shuffle", Boolean.toString(setup.shuffle()));
        v.put("captions", Boolean.toString(setup.captions()));
        v.put("firstImage", first == null ? "" : Html.url(slideImage(first)));
        v.put("firstAvif", first == null ? "" : srcset(first.picture(), GalleryPageModel.Picture::avif));
        v.put("firstWebp", first == null ? "" : srcset(first.picture(), GalleryPageModel.Picture::webp));
        v.put("firstJpeg", first == null ? "" : srcset(first.picture(), GalleryPageModel.Picture::jpeg));
        v.put("firstAlt", first == null ? "" : Html.text(first.altText()));
        v.put("firstCaption", first == null ? "" : Html.text(first.caption()));
        v.put("slides", slides.toString());
        return Html.fill(PAGE, v);
    }

    /** A slide's src: its widest JPEG rendition, else its original. */
    private static String slideImage(GalleryPageModel.Item item) {
        return item.picture() == null ? item.imageUrl().strip() : item.picture().jpeg().getFirst().url();
    }

    /** A srcset for the script's JSON: the URLs as they are (Html.json escapes them), each checked as http(s). */
    private static String rawSrcset(GalleryPageModel.Picture picture,
                                    java.util.function.Function<GalleryPageModel.Picture,
                                            List<GalleryPageModel.Candidate>> format) {
        if (picture == null) return "";
        StringBuilder out = new StringBuilder();
        for (GalleryPageModel.Candidate c : format.apply(picture)) {
            Html.url(c.url());
            if (!out.isEmpty()) out.append(", ");
            out.append(c.url().strip()).append(' ').append(c.width()).append('w');
        }
        return out.toString();
    }

    private static String srcset(GalleryPageModel.Picture picture,
                                 java.util.function.Function<GalleryPageModel.Picture,
                                         List<GalleryPageModel.Candidate>> format) {
        return picture == null ? "" : GalleryPageRenderer.srcset(format.apply(picture));
    }
}
