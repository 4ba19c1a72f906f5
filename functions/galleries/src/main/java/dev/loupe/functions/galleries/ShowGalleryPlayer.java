package dev.loupe.functions.galleries;

import java.util.Optional;
import java.util.function.BiFunction;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.gallery.page.GalleryPages;
import dev.loupe.gallery.page.PlayerPageRenderer;
import dev.loupe.gallery.page.PublicPages;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code GET /p/{project}/g/{name}/player}: the slideshow ({@code player_url}); with {@code embed=1} it is the
 * iframe of {@code embed_code}. Embeddable on any site.
 */
public final class ShowGalleryPlayer extends PublicPageHandler {
    public ShowGalleryPlayer() {
        this(GalleryWiring.shownPages(), GalleryWiring.visitors()::signedInUser);
    }

    ShowGalleryPlayer(GalleryPages pages) {
        this(pages, NO_ONE);
    }

    ShowGalleryPlayer(GalleryPages pages, BiFunction<HttpRequest, String, Optional<String>> signedIn) {
        super(PublicPages.PLAYER, pages, signedIn);
    }

    @Override
    protected APIGatewayV2HTTPResponse answer(HttpRequest request, PublicPages family, String project, String name) {
        var model = pages.show(project, name, request.params().text("vt"), visitor(request, project),
                request.baseUrl());
        return family.html(PlayerPageRenderer.render(model), model.indexable());
    }
}
