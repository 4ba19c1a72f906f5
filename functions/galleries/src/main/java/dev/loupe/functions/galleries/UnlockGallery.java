package dev.loupe.functions.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.gallery.page.GalleryPages;
import dev.loupe.gallery.page.PublicPages;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code POST /p/{project}/g/{name}/unlock}: the password form of a protected gallery (form fields {@code password}
 * and {@code view}, {@code page} or {@code player}). The right password answers 303 to the page or player with a view
 * token in {@code vt}; a wrong one shows the form again (403). Each try costs a PBKDF2 hash (docs/DESIGN.md).
 */
public final class UnlockGallery extends PublicPageHandler {
    public UnlockGallery() {
        this(GalleryWiring.pagesWithoutVisitors());
    }

    UnlockGallery(GalleryPages pages) {
        super(PublicPages.PAGE, pages);
    }

    @Override
    protected APIGatewayV2HTTPResponse answer(HttpRequest request, PublicPages family, String project, String name) {
        return family.seeOther(pages.unlock(project, name, request.params().first("password"),
                family.embeddable(), request.baseUrl(), request.sourceIp()));
    }

    /** A form posted from an embedded player answers where it was: in a frame. */
    @Override
    protected PublicPages family(HttpRequest request) {
        return switch (request.params().text("view").orElse("page")) {
            case "page" -> PublicPages.PAGE;
            case "player" -> PublicPages.PLAYER;
            default -> throw new ApiError(400, "bad_parameter_view", "view is page or player", "view");
        };
    }
}
