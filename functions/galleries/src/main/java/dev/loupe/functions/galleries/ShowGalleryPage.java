package dev.loupe.functions.galleries;

import java.util.Optional;
import java.util.function.BiFunction;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.gallery.page.GalleryPageRenderer;
import dev.loupe.gallery.page.GalleryPages;
import dev.loupe.gallery.page.PublicPages;
import dev.loupe.core.http.HttpRequest;

/** {@code GET /p/{project}/g/{name}}: the gallery's public page ({@code gallery_url}), {@code vt} a view token. */
public final class ShowGalleryPage extends PublicPageHandler {
    public ShowGalleryPage() {
        this(GalleryWiring.pages(), GalleryWiring.visitors()::signedInUser);
    }

    ShowGalleryPage(GalleryPages pages) {
        this(pages, NO_ONE);
    }

    ShowGalleryPage(GalleryPages pages, BiFunction<HttpRequest, String, Optional<String>> signedIn) {
        super(PublicPages.PAGE, pages, signedIn);
    }

    @Override
    protected APIGatewayV2HTTPResponse answer(HttpRequest request, PublicPages family, String project, String name) {
        return family.html(GalleryPageRenderer.render(pages.show(project, name, request.params().text("vt"),
                visitor(request, project), request.baseUrl())));
    }
}
