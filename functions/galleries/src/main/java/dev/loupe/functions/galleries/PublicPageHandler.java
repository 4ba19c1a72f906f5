package dev.loupe.functions.galleries;

import java.util.Optional;
import java.util.function.BiFunction;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.gallery.page.GalleryPages;
import dev.loupe.gallery.page.PublicPages;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.PublicApiHandler;

/**
 * The frame of the public pages ({@code /p/{project}/g/{name}...}): a {@link PublicApiHandler}, public on purpose,
 * so no token is asked for; the gallery's own security decides (GalleryService.publicView). Errors about the gallery
 * render as notice pages that carry the password form where one helps. A visitor signed in with the session cookie
 * who owns the gallery sees it whatever its security ({@link #visitor}).
 */
abstract class PublicPageHandler extends PublicApiHandler {
    /** No one is signed in: for handler tests that don't need the cookie. */
    static final BiFunction<HttpRequest, String, Optional<String>> NO_ONE = (request, project) -> Optional.empty();

    protected final GalleryPages pages;
    private final BiFunction<HttpRequest, String, Optional<String>> signedIn;

    PublicPageHandler(PublicPages family, GalleryPages pages) {
        this(family, pages, NO_ONE);
    }

    /** @param signedIn the user id of a request's session cookie in the given project, if any */
    PublicPageHandler(PublicPages family, GalleryPages pages,
                      BiFunction<HttpRequest, String, Optional<String>> signedIn) {
        super(family);
        this.pages = pages;
        this.signedIn = signedIn;
    }

    /** The registered user of {@code project} signed in with the session cookie, if any. */
    protected Optional<String> visitor(HttpRequest request, String project) {
        return signedIn.apply(request, project);
    }

    @Override
    protected final APIGatewayV2HTTPResponse handle(HttpRequest request) {
        String project = request.requiredPathParameter("project");
        String name = request.requiredPathParameter("name");
        PublicPages family = family(request);
        try {
            return answer(request, family, project, name);
        } catch (ApiError error) {
            return family.error(error, Optional.of(new PublicPages.PasswordForm(
                    GalleryPages.unlockUrl(request.baseUrl(), project, name), family.embeddable() ? "player" : "page")));
        }
    }

    /** Renders the answer for one gallery; an ApiError becomes the family's notice page. */
    protected abstract APIGatewayV2HTTPResponse answer(HttpRequest request, PublicPages family, String project,
                                                       String name);

    /** The family of this request's answers: the page's (never framed) unless said otherwise. */
    protected PublicPages family(HttpRequest request) {
        return (PublicPages) family();
    }
}
