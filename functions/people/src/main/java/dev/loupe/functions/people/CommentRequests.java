package dev.loupe.functions.people;

import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.Params;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.GalleryService;
import dev.loupe.gallery.page.GalleryView;
import dev.loupe.gallery.page.PublicPages;

/** How the comment routes read their requests, in one place. */
final class CommentRequests {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private CommentRequests() {
    }

    static String galleryName(HttpRequest request) {
        return request.pathParameter("name").orElseThrow();
    }

    static String id(HttpRequest request) {
        return request.pathParameter("id").orElseThrow();
    }

    /** {@code text}, {@code reply_to} and (anonymous only) {@code name}, from JSON or a page's form. */
    static CommentService.NewComment newComment(HttpRequest request) {
        Params p = request.params();
        return new CommentService.NewComment(p.first("text"), p.text("reply_to"), p.first("name"));
    }

    /** A protected gallery's password or view token ({@code vt}), as its view takes them. */
    static GalleryService.Access visitor(HttpRequest request) {
        Params p = request.params();
        return new GalleryService.Access(p.first("password"), p.text("vt"), request.sourceIp());
    }

    /** {@code order} ({@code newest}, the default, or {@code oldest}), {@code limit} (1 to 100) and {@code cursor}. */
    static CommentService.Listing listing(HttpRequest request) {
        Params p = request.params();
        String order = p.text("order").orElse("newest");
        if (!order.equals("newest") && !order.equals("oldest")) {
            throw ApiError.badParameter("order", "order is newest or oldest");
        }
        return new CommentService.Listing(order.equals("newest"), p.text("cursor"), limit(request));
    }

    static int limit(HttpRequest request) {
        return request.params().integer("limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
    }

    /**
     * A form of the gallery's page (no JavaScript) says {@code return=page}: it is answered 303 back to the page
     * rather than with JSON. Only the page of the caller's own project's gallery, so no one bounces a browser
     * elsewhere.
     */
    static Optional<APIGatewayV2HTTPResponse> backToPage(HttpRequest request, String projectId, String gallery,
                                                        String anchor) {
        if (!request.params().text("return").filter("page"::equals).isPresent()) {
            return Optional.empty();
        }
        String page = GalleryView.withViewToken(GalleryView.pageUrl(request.baseUrl(), projectId, gallery),
                request.params().text("vt"));
        return Optional.of(PublicPages.PAGE.seeOther(page + "#" + anchor));
    }
}
