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
        return render(model, CommentsSection.NONE);
    }

    /** The page with its comments section (and, for a signed-in visitor, its forms). */
    public static String render(GalleryPageModel model, CommentsSection comments) {
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
        // The rating, sign-in and sign-out forms post to the page's own origin; the comment forms, for a signed-in
        // visitor, to the API's (the same host where pages and API share a domain).
        String formTargets = comments.visitor().isPresent() ? "'self' " + comments.formOrigin() : "'self'";
        v.put("csp", Html.text(Html.csp(SCRIPT_HASH, styleHashes, imageSources, formTargets)));
        v.put("placeholderStyle", placeholderStyle.isEmpty() ? "" : "<style>" + placeholderStyle + "</style>\n");
        v.put("comments", comments.html());
        v.put("ratingBlock", ratingBlock(model));
        v.put("signInBlock", signInBlock(model));
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
     * The average and its count, and for a signed-in visitor the rating form: five radio buttons with labels in a
     * fieldset (keyboard and screen readers work as for any radio group), the visitor's own stars preselected.
     */
    static String ratingBlock(GalleryPageModel model) {
        GalleryPageModel.Rating rating = model.rating();
        if (rating == null) {
            return "";
        }
        StringBuilder out = new StringBuilder("<section class=\"rating\" id=\"rating\" aria-labelledby=\"rating-summary\">\n");
        String summary = rating.average() == null ? "No ratings yet"
                : String.format(java.util.Locale.ROOT, "%.1f out of 5", rating.average()) + " <span class=\"rating-count\">("
                + (rating.count() == 1 ? "1 rating" : rating.count() + " ratings") + ")</span>";
        out.append("<p class=\"rating-summary\" id=\"rating-summary\"><span class=\"stars\" aria-hidden=\"true\">")
                .append(starGlyphs(rating.average())).append("</span> ").append(summary).append("</p>\n");
        GalleryPageModel.Visitor visitor = model.visitor();
        if (visitor != null && visitor.signedIn() && rating.rateUrl() != null) {
            out.append("<form class=\"rate\" id=\"rate-form\" method=\"post\" action=\"")
                    .append(Html.url(rating.rateUrl())).append("\">\n<fieldset>\n<legend>")
                    .append(rating.ownStars() == null ? "Rate this gallery" : "Your rating").append("</legend>\n");
            for (int stars = 1; stars <= 5; stars++) {
                out.append("<input type=\"radio\" name=\"stars\" value=\"").append(stars).append("\" id=\"stars-")
                        .append(stars).append("\"").append(Integer.valueOf(stars).equals(rating.ownStars())
                                ? " checked" : "").append(stars == 1 ? " required" : "")
                        .append("><label for=\"stars-").append(stars).append("\">").append(stars)
                        .append(stars == 1 ? " star" : " stars").append("</label>\n");
            }
            out.append("</fieldset>\n").append(hiddenFields(visitor))
                    .append("<button type=\"submit\" id=\"rate-submit\">")
                    .append(rating.ownStars() == null ? "Rate" : "Change rating").append("</button>\n</form>\n");
        }
        return out.append("</section>\n").toString();
    }

    /** A signed-in visitor's name and sign-out button; anyone else's sign-in form (the project allows Loupe logins). */
    static String signInBlock(GalleryPageModel model) {
        GalleryPageModel.Visitor visitor = model.visitor();
        if (visitor == null) {
            return "";
        }
        if (visitor.signedIn()) {
            return "<form class=\"session\" id=\"sign-out-form\" method=\"post\" action=\""
                    + Html.url(visitor.signOutUrl()) + "\">\n<span id=\"signed-in-as\">Signed in as <strong>"
                    + Html.text(visitor.userName()) + "</strong></span>\n" + hiddenFields(visitor)
                    + "<button type=\"submit\" id=\"sign-out\">Sign out</button>\n</form>\n";
        }
        String problem = visitor.problem() == null ? "" : "<p class=\"problem\" id=\"sign-in-problem\" role=\"alert\">"
                + Html.text(visitor.problem()) + "</p>\n";
        return "<details class=\"session\" id=\"sign-in\"" + (visitor.problem() == null ? "" : " open")
                + ">\n<summary>Sign in to rate</summary>\n<form id=\"sign-in-form\" method=\"post\" action=\""
                + Html.url(visitor.signInUrl()) + "\">\n" + problem
                + "<label for=\"sign-in-username\">Username</label>\n"
                + "<input id=\"sign-in-username\" name=\"username\" autocomplete=\"username\" required>\n"
                + "<label for=\"sign-in-password\">Password</label>\n"
                + "<input id=\"sign-in-password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\n"
                + hiddenFields(visitor) + "<button type=\"submit\" id=\"sign-in-submit\">Sign in</button>\n</form>\n</details>\n";
    }

    private static String hiddenFields(GalleryPageModel.Visitor visitor) {
        return (visitor.csrfToken() == null ? "" : "<input type=\"hidden\" name=\"csrf_token\" value=\""
                + Html.text(visitor.csrfToken()) + "\">\n")
                + (visitor.viewToken() == null ? "" : "<input type=\"hidden\" name=\"vt\" value=\""
                + Html.text(visitor.viewToken()) + "\">\n");
    }

    /** Five stars, filled to the nearest half (text, so no image or font is needed). */
    private static String starGlyphs(Double average) {
        long full = average == null ? 0 : Math.round(average);
        return "\u2605".repeat((int) full) + "\u2606".repeat((int) (5 - full));
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
