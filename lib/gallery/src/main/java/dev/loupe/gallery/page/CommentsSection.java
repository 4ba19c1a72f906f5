package dev.loupe.gallery.page;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.loupe.gallery.Comment;

/**
 * The comments of a gallery's page, server-rendered: every piece of user text escaped, web addresses in it made
 * links with {@code rel="nofollow ugc"} (user content, no ranking credit), and for a visitor signed in with the
 * session cookie the forms to comment, reply and report, each carrying the session's CSRF token. The forms post to
 * the comment API with {@code return=page}, which answers 303 back to the page: no JavaScript needed.
 *
 * @param apiBase   where the API is (the public base URL): the forms post there
 * @param shown     the comments, in thread order (a reply right after its parent)
 * @param count     the gallery's visible comments
 * @param visitor   the signed-in visitor, if any
 * @param viewToken the view token the page was opened with, sent back so that the 303 reopens a protected page
 */
public record CommentsSection(String apiBase, String projectId, String gallery, List<Comment> shown, long count,
                              Optional<Visitor> visitor, Optional<String> viewToken) {

    /** A signed-in visitor: who they are and the CSRF token their forms carry. */
    public record Visitor(String userId, String name, String csrfToken) {
    }

    /** A page without a comments section (a renderer's test, a page before comments existed). */
    public static final CommentsSection NONE = new CommentsSection("", "", "", List.of(), 0, Optional.empty(),
            Optional.empty());

    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"'\\u0000-\\u001f]+",
            Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    public CommentsSection {
        shown = List.copyOf(shown);
    }

    /** The origin the forms post to, for the page's {@code form-action}. */
    String formOrigin() {
        return apiBase.replaceFirst("^(https?://[^/]+).*$", "$1");
    }

    String html() {
        if (this == NONE) {
            return "";
        }
        StringBuilder out = new StringBuilder("<section class=\"comments\" id=\"comments\" aria-labelledby=\"comments-title\">\n");
        out.append("<h2 id=\"comments-title\">").append(count == 1 ? "1 comment" : count + " comments").append("</h2>\n");
        if (visitor.isPresent()) {
            out.append(form(galleryAction(), "comment-form", "Add a comment", "Comment", Optional.empty()));
        } else {
            out.append("<p class=\"sign-in-note\">Sign in to comment.</p>\n");
        }
        if (shown.isEmpty()) {
            out.append("<p class=\"no-comments\">No comments yet.</p>\n");
        } else {
            out.append("<ol class=\"comment-list\">\n");
            for (Comment c : shown) {
                out.append(comment(c));
            }
            out.append("</ol>\n");
        }
        return out.append("</section>\n").toString();
    }

    private String comment(Comment c) {
        String id = Html.text(c.commentId());
        StringBuilder li = new StringBuilder("<li class=\"comment").append(c.replyTo().isPresent() ? " reply" : "")
                .append(c.hidden() ? " hidden-comment" : "").append("\" id=\"c-").append(id).append("\">\n");
        li.append("<p class=\"meta\"><span class=\"author\">").append(Html.text(c.authorName())).append("</span>");
        if (c.anonymous()) {
            li.append(" <span class=\"guest\">(guest)</span>");
        }
        li.append(" <time datetime=\"").append(Html.text(c.created().toString())).append("\">")
                .append(Html.text(WHEN.format(c.created()))).append("</time>");
        if (c.edited().isPresent()) {
            li.append(" <span class=\"edited\">edited</span>");
        }
        if (c.hidden()) {
            li.append(" <span class=\"edited\">hidden</span>");
        }
        li.append("</p>\n<p class=\"text\">").append(linked(c.text())).append("</p>\n");
        visitor.ifPresent(v -> {
            li.append("<div class=\"comment-actions\">");
            if (c.replyTo().isEmpty()) {
                li.append("<details class=\"reply-box\"><summary>Reply</summary>")
                        .append(form(galleryAction(), "reply-form", "Reply to " + c.authorName(), "Reply",
                                Optional.of(c.commentId())))
                        .append("</details>");
            }
            if (!c.authorId().equals(Optional.of(v.userId()))) {
                li.append("<form class=\"report-form\" method=\"post\" action=\"")
                        .append(Html.url(apiBase + "/v1/comments/" + c.commentId() + "/reports")).append("\">")
                        .append(hidden("csrf_token", v.csrfToken())).append(hidden("return", "page"))
                        .append(hidden("gallery", gallery))
                        .append(viewToken.map(t -> hidden("vt", t)).orElse(""))
                        .append("<button type=\"submit\" class=\"link-button\">Report</button></form>");
            }
            li.append("</div>\n");
        });
        return li.append("</li>\n").toString();
    }

    private String form(String action, String cssClass, String label, String button, Optional<String> replyTo) {
        Visitor v = visitor.orElseThrow();
        String field = cssClass + replyTo.map(r -> "-" + r).orElse("");
        return "<form class=\"" + cssClass + "\" method=\"post\" action=\"" + Html.url(action) + "\">"
                + "<label for=\"" + Html.text(field) + "\">" + Html.text(label) + "</label>"
                + "<textarea id=\"" + Html.text(field) + "\" name=\"text\" rows=\"3\" maxlength=\"2000\" required>"
                + "</textarea>"
                + hidden("csrf_token", v.csrfToken()) + hidden("return", "page")
                + replyTo.map(r -> hidden("reply_to", r)).orElse("")
                + viewToken.map(t -> hidden("vt", t)).orElse("")
                + "<button type=\"submit\">" + Html.text(button) + "</button></form>\n";
    }

    private String galleryAction() {
        return apiBase + "/v1/galleries/" + java.net.URLEncoder.encode(gallery, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20") + "/comments";
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + Html.text(name) + "\" value=\"" + Html.text(value) + "\">";
    }

    /** The text escaped, its http(s) addresses made links (trailing punctuation left out of them). */
    static String linked(String text) {
        StringBuilder out = new StringBuilder();
        Matcher m = LINK.matcher(text);
        int at = 0;
        while (m.find()) {
            String url = m.group();
            int end = url.length();
            while (end > 0 && ".,;:!?)]}".indexOf(url.charAt(end - 1)) >= 0) {
                end--;
            }
            url = url.substring(0, end);
            if (url.length() <= "https://".length()) {
                continue;
            }
            out.append(Html.text(text.substring(at, m.start())));
            out.append("<a href=\"").append(Html.text(url)).append("\" rel=\"nofollow ugc\">")
                    .append(Html.text(url)).append("</a>");
            at = m.start() + end;
        }
        return out.append(Html.text(text.substring(at))).toString();
    }
}
