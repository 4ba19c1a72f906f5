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

    private GalleryPageRenderer() {}

    public static String render(GalleryPageModel model) {
        return render(model, CommentsSection.NONE);
    }

    /** The page with its comments section (and, for a signed-in visitor, its forms). */
    public static String render(GalleryPageModel model, CommentsSection comments) {
        StringBuilder items = new StringBuilder();
        List<String> imageUrls = new ArrayList<>();
        List<GalleryPageModel.Item> list = model.items();
        for (int i = 0; i < list.size(); i++) {
            GalleryPageModel.Item item = list.get(i);
            imageUrls.add(item.thumbnailUrl());
            imageUrls.add(item.imageUrl());
            items.append(Html.fill(ITEM, Map.of(
                    "imageUrl", Html.url(item.imageUrl()),
                    "thumbnailUrl", Html.url(item.thumbnailUrl()),
                    "index", Integer.toString(i),
                    "caption", Html.text(item.caption()),
                    "alt", Html.text(item.altText()),
                    "width", Integer.toString(item.width()),
                    "height", Integer.toString(item.height()),
                    "captionBlock", item.caption().isBlank() ? ""
                            : "<p class=\"caption\">" + Html.text(item.caption()) + "</p>")));
        }
        if (model.coverImageUrl() != null) imageUrls.add(model.coverImageUrl());

        Map<String, String> v = new HashMap<>();
        v.put("csp", Html.text(Html.csp(SCRIPT_HASH, STYLE_HASH, Html.imageSources(imageUrls),
                comments.visitor().isPresent() ? comments.formOrigin() : "'none'")));
        v.put("comments", comments.html());
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
}
