package dev.loupe.functions.galleries;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.gallery.GalleryRatingService;
import dev.loupe.gallery.GalleryService;
import dev.loupe.gallery.page.GalleryPages;
import dev.loupe.gallery.page.GalleryView;
import dev.loupe.gallery.page.PublicPages;

/**
 * {@code POST /p/{project}/g/{name}/rating}: the gallery page's rating form, {@code stars} (1 to 5) and the
 * session's {@code csrf_token}, from a visitor signed in with the session cookie (verified, CSRF checked, as the
 * API does); 303 back to the page (POST-redirect-GET), with the view token the form carried. The gallery's access
 * decides as on the API's rating route. Without a logged-in session of the path's project: a notice page.
 */
public final class RateGalleryFromPage extends PublicPageHandler {
    private final Function<HttpRequest, Caller> visitors;
    private final GalleryRatingService ratings;

    public RateGalleryFromPage() {
        this(GalleryWiring.pages(), GalleryWiring.visitors(), GalleryWiring.ratings());
    }

    RateGalleryFromPage(GalleryPages pages, Function<HttpRequest, Caller> visitors, GalleryRatingService ratings) {
        super(PublicPages.PAGE, pages);
        this.visitors = visitors;
        this.ratings = ratings;
    }

    @Override
    protected APIGatewayV2HTTPResponse answer(HttpRequest request, PublicPages family, String project, String name) {
        if (request.cookie(dev.loupe.auth.SessionCookie.NAME).filter(c -> !c.isBlank()).isEmpty()) {
            throw new ApiError(401, "login_required", "Sign in on the gallery's page to rate it");
        }
        Caller visitor = visitors.apply(request);
        if (!visitor.projectId().equals(project)) {
            throw new ApiError(404, "not_exist", "There is no gallery at this address");
        }
        var vt = request.params().text("vt").filter(t -> t.length() <= 2_048);
        ratings.rate(visitor, name, new GalleryService.Access(java.util.Optional.empty(), vt, request.sourceIp()),
                GalleryRatingCalls.stars(request.params()));
        return family.seeOther(GalleryView.withViewToken(GalleryView.pageUrl(request.baseUrl(), project, name), vt)
                + "#rating");
    }
}
