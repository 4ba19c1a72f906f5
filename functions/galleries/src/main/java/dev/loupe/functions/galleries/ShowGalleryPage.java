package dev.loupe.functions.galleries;

import java.util.Optional;
import java.util.function.BiFunction;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Session;
import dev.loupe.gallery.page.GalleryPageRenderer;
import dev.loupe.gallery.page.GalleryPages;
import dev.loupe.gallery.page.PublicPages;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code GET /p/{project}/g/{name}}: the gallery's public page ({@code gallery_url}), {@code vt} a view token. The
 * page shows the gallery's comments; the session cookie's visitor gets the page's forms (rate, comment, reply,
 * report and sign out when logged in, sign in otherwise);
 * {@code sign_in=failed|throttled} is where the sign-in form sends a failed try back to.
 */
public final class ShowGalleryPage extends PublicPageHandler {
    /** No session: for handler tests that don't need the cookie. */
    static final BiFunction<HttpRequest, String, Optional<Session>> NO_SESSION = (request, project) -> Optional.empty();

    private final BiFunction<HttpRequest, String, Optional<Session>> sessions;

    public ShowGalleryPage() {
        this(GalleryWiring.shownPages(), GalleryWiring.visitors()::visitorSession);
    }

    ShowGalleryPage(GalleryPages pages) {
        this(pages, NO_SESSION);
    }

    /** @param sessions the live session of a request's cookie in the given project, logged in or not */
    ShowGalleryPage(GalleryPages pages, BiFunction<HttpRequest, String, Optional<Session>> sessions) {
        super(PublicPages.PAGE, pages, (request, project) -> sessions.apply(request, project)
                .filter(Session::loggedIn).flatMap(Session::userId));
        this.sessions = sessions;
    }

    @Override
    protected APIGatewayV2HTTPResponse answer(HttpRequest request, PublicPages family, String project, String name) {
        Optional<String> problem = request.params().text("sign_in").map(outcome -> switch (outcome) {
            case "throttled" -> "Too many failed sign-ins; try again later.";
            default -> "Wrong username or password.";
        });
        GalleryPages.Shown shown = pages.show(project, name, request.params().text("vt"),
                sessions.apply(request, project), problem, request.baseUrl());
        return family.html(GalleryPageRenderer.render(shown.model(), shown.comments()), shown.model().indexable());
    }
}
