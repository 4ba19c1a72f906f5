package dev.loupe.gallery.page;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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

    /** The grid's row height in CSS pixels (gallery.css's --row), on a wide screen and on a phone (below 600 px). */
    static final int ROW = 220;
    static final int PHONE_ROW = 120;
    /** How the page says its date: "6 December 2026", in UTC. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

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
            // The tile's ratio, from which the justified grid sizes it (gallery.css's .item).
            placeholders.append(".i").append(i).append("{--r:").append(ratio(item)).append("}\n");
            if (item.placeholder() != null) {
                placeholders.append(".ph").append(i).append("{background-image:url(").append(item.placeholder())
                        .append(")}\n");
            }
            items.append(Html.fill(ITEM, Map.of(
                    "imageUrl", Html.url(item.imageUrl()),
                    "index", Integer.toString(i),
                    "caption", Html.text(item.caption()),
                    "originalUrl", model.downloads() && item.downloadUrl() != null ? Html.url(item.downloadUrl()) : "",
                    "picture", picture(item, i),
                    "captionBlock", item.caption().isBlank() ? ""
                            : "<p class=\"caption\">" + Html.text(item.caption()) + "</p>")));
        }
        // The tiles' ratios and placeholders change with the images, so their rules' hash is taken per page.
        String placeholderStyle = placeholders.toString();
        String styleHashes = placeholderStyle.isEmpty() ? STYLE_HASH : STYLE_HASH + " " + Html.sha256(placeholderStyle);
        boolean anyPlaceholder = list.stream().anyMatch(item -> item.placeholder() != null);
        String imageSources = Html.imageSources(imageUrls) + (anyPlaceholder ? " data:" : "");

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
        v.put("byline", byline(model));
        v.put("robots", model.indexable() ? "" : "<meta name=\"robots\" content=\"noindex\">\n");
        v.put("playLink", list.isEmpty() ? "" : "<a class=\"play\" id=\"player-link\" href=\""
                + Html.url(model.playerUrl()) + "\">&#9654; Play slideshow</a> ");
        v.put("gallery", list.isEmpty()
                ? "<p class=\"empty\" id=\"empty-gallery\">This gallery has no images yet.</p>"
                : "<ul class=\"grid\" id=\"grid\">\n" + items + "</ul>");
        v.put("shareUrl", Html.url(model.pageUrl()));
        v.put("downloadLink", model.downloads() ? "<a id=\"lightbox-download\" download hidden>Download original</a>"
                : "");
        v.put("descriptionBlock", model.description().isBlank() ? ""
                : "<p class=\"description\">" + Html.text(model.description()) + "</p>\n");
        v.put("count", list.size() == 1 ? "1 image" : list.size() + " images");
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
                // Each button and its label in one unbreakable span: a narrow screen wraps between stars, never
                // between a button and its label.
                out.append("<span class=\"star\"><input type=\"radio\" name=\"stars\" value=\"").append(stars).append("\" id=\"stars-")
                        .append(stars).append("\"").append(Integer.valueOf(stars).equals(rating.ownStars())
                                ? " checked" : "").append(stars == 1 ? " required" : "")
                        .append("><label for=\"stars-").append(stars).append("\">").append(stars)
                        .append(stars == 1 ? " star" : " stars").append("</label></span>\n");
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
        String sizes = sizes(item);
        return "<picture>" + source("image/avif", picture.avif(), sizes) + source("image/webp", picture.webp(),
                sizes) + "<img src=\"" + Html.url(picture.jpegFor(640).url()) + "\" srcset=\""
                + srcset(picture.jpeg()) + "\" sizes=\"" + sizes + "\"" + common + "</picture>";
    }

    /**
     * The tile's width for the srcset's pick. A justified row stretches its tiles by a factor the server can't know
     * (it depends on the neighbours and the screen), so {@code auto} comes first: the browser takes the width the
     * lazily loaded image was laid out at. Where auto is not read, an estimate: the tile at its row height stretched
     * by a third, never wider than the screen.
     */
    static String sizes(GalleryPageModel.Item item) {
        long phone = Math.round(item.ratio() * PHONE_ROW * 1.6);
        long wide = Math.min(1360, Math.round(item.ratio() * ROW * 1.34));
        return "auto, (max-width: 599px) min(calc(100vw - 24px), " + phone + "px), min(calc(100vw - 40px), " + wide
                + "px)";
    }

    /** Width over height with four decimals, as CSS reads a number. */
    static String ratio(GalleryPageModel.Item item) {
        return new java.math.BigDecimal(item.ratio()).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }

    /** "by Ann · 6 December 2026": the owner's name where known, and the gallery's date. */
    static String byline(GalleryPageModel model) {
        String owner = model.ownerName().isBlank() ? ""
                : "by <span id=\"owner\">" + Html.text(model.ownerName()) + "</span>";
        String date = model.added() == null ? "" : "<time id=\"date\" datetime=\""
                + model.added().atOffset(ZoneOffset.UTC).toLocalDate() + "\">" + DATE.format(model.added()) + "</time>";
        if (owner.isEmpty() && date.isEmpty()) return "";
        return "<p class=\"owner\">" + owner + (owner.isEmpty() || date.isEmpty() ? "" : " &#183; ") + date + "</p>\n";
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
