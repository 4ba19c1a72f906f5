package dev.loupe.gallery.page;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.ApiFamily;
import dev.loupe.core.http.Format;

/**
 * The family of the public gallery page, player and unlock form: people's browsers, not API clients, so every answer
 * is HTML, errors included (a small page with the right status, never JSON). Two instances differ in one thing: the
 * page must never be framed (clickjacking), while the player exists to be embedded on any site.
 *
 * <p>Every answer carries {@code Cache-Control: no-store} (the page holds presigned image URLs that expire after
 * {@link dev.loupe.library.ImageLinks#VALIDITY}, and a view token must not sit in a shared cache) and
 * {@code Referrer-Policy: no-referrer} (a view token rides in the URL; no image host or linked site may see it).
 */
public final class PublicPages extends ApiFamily {
    /** The gallery page and its notices: never in a frame. */
    public static final PublicPages PAGE = new PublicPages(false);
    /** The player and its notices: embeddable anywhere. */
    public static final PublicPages PLAYER = new PublicPages(true);

    private static final String NOTICE = Html.resource("notice.html");
    private static final String FORM = Html.resource("notice-form.html");
    private static final String STYLE = Html.resource("notice.css");
    private static final String NOTICE_CSP = "default-src 'none'; style-src " + Html.sha256(STYLE)
            + "; form-action 'self'; base-uri 'none'";

    /** Where a password form posts and which view ({@code page} or {@code player}) the right password opens. */
    public record PasswordForm(String action, String view) {
    }

    /**
     * The player's framing policy. {@code *} alone matches network schemes only, so Chromium refuses the embed in a
     * page opened from a local file; {@code file:} lets that page frame it too.
     */
    static final String EMBEDDABLE_ANYWHERE = "frame-ancestors * file:";

    private final boolean embeddable;

    private PublicPages(boolean embeddable) {
        this.embeddable = embeddable;
    }

    public boolean embeddable() {
        return embeddable;
    }

    /** 200 with a rendered page. */
    public APIGatewayV2HTTPResponse html(String body) {
        return respond(200, body);
    }

    /**
     * 200 with a rendered gallery page or player; one that search engines must leave out (a gallery that is not
     * public: unlisted, or shown to its owner or with a view token) also says so in {@code X-Robots-Tag}, which
     * crawlers read without parsing the page and which covers what carries no meta tag.
     */
    public APIGatewayV2HTTPResponse html(String body, boolean indexable) {
        APIGatewayV2HTTPResponse response = respond(200, body);
        if (!indexable) {
            response.getHeaders().put("X-Robots-Tag", "noindex");
        }
        return response;
    }

    /** 303 See Other: after a form's POST, the browser GETs {@code location}. */
    public APIGatewayV2HTTPResponse seeOther(String location) {
        Map<String, String> headers = headers();
        headers.put("Location", location);
        headers.remove("Content-Type");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(303).withHeaders(headers).build();
    }

    /**
     * 302 Found: the sharing route's answer, a fresh presigned link. Not cached (no-store, as every answer here): the
     * link expires, and the request may carry a view token.
     */
    public APIGatewayV2HTTPResponse found(String location) {
        Map<String, String> headers = headers();
        headers.put("Location", location);
        headers.remove("Content-Type");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(302).withHeaders(headers).build();
    }

    /** Pages have no JSON or XML body: {@link #html} is how they answer. */
    @Override
    public APIGatewayV2HTTPResponse ok(int status, Object body, Format format) {
        throw new UnsupportedOperationException("the public pages answer HTML: use html()");
    }

    /** An error outside any one gallery (a malformed request, our own fault): a notice page, no form. */
    @Override
    public APIGatewayV2HTTPResponse error(ApiError error, Format format) {
        return error(error, Optional.empty());
    }

    /**
     * An error as a notice page with its status. A gallery that is missing, private or another project's gets one
     * and the same 404 page, so that nobody learns which; a password-protected one gets the password form (401),
     * again after a wrong password (403).
     */
    public APIGatewayV2HTTPResponse error(ApiError error, Optional<PasswordForm> form) {
        String heading;
        String message;
        String problem = "";
        boolean showForm = false;
        switch (error.code()) {
            case "password_required" -> {
                heading = "This gallery is protected";
                message = "Enter its password to see it.";
                showForm = true;
            }
            case "wrong_password" -> {
                heading = "This gallery is protected";
                message = "Enter its password to see it.";
                problem = "Wrong password. Try again.";
                showForm = true;
            }
            case "too_many_attempts" -> {
                heading = "This gallery is protected";
                message = error.getMessage();
            }
            case "missing_password" -> {
                heading = "This gallery is protected";
                message = "Enter its password to see it.";
                problem = "Please enter the password.";
                showForm = true;
            }
            default -> {
                if (error.status() == 404) {
                    heading = "Gallery not found";
                    message = "There is no gallery at this address, or it is not shared.";
                } else if (error.status() == 429) {
                    heading = "Too many requests";
                    message = "Please wait a moment and try again.";
                } else if (error.status() >= 500) {
                    heading = "Something went wrong";
                    message = "The gallery could not be shown just now. Please try again.";
                } else {
                    heading = "Bad request";
                    message = error.getMessage();
                }
            }
        }
        String formHtml = "";
        if (showForm && form.isPresent()) {
            formHtml = Html.fill(FORM, Map.of(
                    "action", Html.url(form.get().action()),
                    "view", Html.text(form.get().view()),
                    "problem", problem.isEmpty() ? "" : "<p class=\"problem\" id=\"problem\" role=\"alert\">"
                            + Html.text(problem) + "</p>\n"));
        }
        String body = Html.fill(NOTICE, Map.of("csp", Html.text(NOTICE_CSP), "heading", Html.text(heading),
                "message", Html.text(message), "style", STYLE, "form", formHtml));
        APIGatewayV2HTTPResponse response = respond(error.status(), body);
        if (error.status() == 429) {
            response.getHeaders().put("Retry-After", "1");
        }
        response.getHeaders().putAll(error.headers());
        return response;
    }

    @Override
    protected Object errorBody(ApiError error, Format format) {
        throw new UnsupportedOperationException("the public pages render their errors as HTML");
    }

    private APIGatewayV2HTTPResponse respond(int status, String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers()).withBody(body)
                .withIsBase64Encoded(false).build();
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/html; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Content-Type-Options", "nosniff");
        // The rest of each page's policy (scripts and styles by hash, images from the image host) is in its own
        // <meta>; frame-ancestors works only as a header.
        if (embeddable) {
            headers.put("Content-Security-Policy", EMBEDDABLE_ANYWHERE);
        } else {
            headers.put("Content-Security-Policy", "frame-ancestors 'none'");
            headers.put("X-Frame-Options", "DENY");
        }
        return headers;
    }
}
