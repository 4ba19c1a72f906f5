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
            imageUrls.add(item.imageUrl());
            if (slides.length() > 1) slides.append(',');
            slides.append("{\"image\":").append(Html.json(item.imageUrl().strip()))
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
        // Search engines and link previews read it; without one Lighthouse's SEO audit fails the player.
        v.put("description", Html.text(model.description().isBlank() ? "A slideshow of " + model.title()
                : model.description()));
        v.put("pageUrl", Html.url(model.pageUrl()));
        // The second image is fetched early; the script preloads each next one as the show goes on.
        v.put("preload", items.size() < 2 ? ""
                : "<link rel=\"preload\" as=\"image\" href=\"" + Html.url(items.get(1).imageUrl()) + "\">\n");
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
        v.put("firstImage", first == null ? "" : Html.url(first.imageUrl()));
        v.put("firstAlt", first == null ? "" : Html.text(first.altText()));
        v.put("firstCaption", first == null ? "" : Html.text(first.caption()));
        v.put("slides", slides.toString());
        return Html.fill(PAGE, v);
    }
}
