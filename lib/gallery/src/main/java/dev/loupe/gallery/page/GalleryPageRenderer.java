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
        // The rating, sign-in and sign-out forms post to the page's own origin; the comment forms, for a signed-in
        // visitor, to the API's (the same host where pages and API share a domain).
        String formTargets = comments.visitor().isPresent() ? "'self' " + comments.formOrigin() : "'self'";
        v.put("csp", Html.text(Html.csp(SCRIPT_HASH, STYLE_HASH, Html.imageSources(imageUrls), formTargets)));
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
}
