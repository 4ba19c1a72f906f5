package dev.loupe.functions.galleries;

import java.util.Optional;
import java.util.function.BiFunction;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.gallery.page.CommentsSection;
import dev.loupe.gallery.page.GalleryPageRenderer;
import dev.loupe.gallery.page.GalleryPages;
import dev.loupe.gallery.page.PublicPages;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code GET /p/{project}/g/{name}}: the gallery's public page ({@code gallery_url}), {@code vt} a view token. It
 * shows the gallery's comments; a visitor signed in with the session cookie also gets the forms to comment, reply
 * and report (their session's CSRF token in each).
 */
public final class ShowGalleryPage extends PublicPageHandler {
    private final BiFunction<HttpRequest, String, Optional<Caller>> signedInCaller;

    public ShowGalleryPage() {
        this(GalleryWiring.pages(), GalleryWiring.visitors()::signedInCaller);
    }

    ShowGalleryPage(GalleryPages pages) {
        this(pages, (request, project) -> Optional.empty());
    }

    /** @param signedInCaller the caller of a request's session cookie in the given project, if signed in */
    ShowGalleryPage(GalleryPages pages, BiFunction<HttpRequest, String, Optional<Caller>> signedInCaller) {
        super(PublicPages.PAGE, pages, (request, project) -> signedInCaller.apply(request, project)
                .flatMap(Caller::userId));
        this.signedInCaller = signedInCaller;
    }

    @Override
    protected APIGatewayV2HTTPResponse answer(HttpRequest request, PublicPages family, String project, String name) {
        Optional<CommentsSection.Visitor> visitor = signedInCaller.apply(request, project).map(caller ->
                new CommentsSection.Visitor(caller.userId().orElseThrow(),
                        caller.userName().orElse(caller.userId().orElseThrow()),
                        caller.session().orElseThrow().csrfToken()));
        GalleryPages.Shown shown = pages.showWithComments(project, name, request.params().text("vt"), visitor,
                request.baseUrl());
        return family.html(GalleryPageRenderer.render(shown.model(), shown.comments()));
    }
}
