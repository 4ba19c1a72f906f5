package dev.loupe.functions.library;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageRatingService;
import dev.loupe.library.ImageService;
import dev.loupe.library.ImageView;

/**
 * {@code GET /v1/images/{id}}: an image's details, thumbnails and usages (Constant Contact's image details), and its
 * ratings ({@code rating}, {@code rating_count}).
 */
public final class ViewImage extends AuthenticatedApiHandler<Caller> {
    private final ImageService images;
    private final ImageLinks links;
    private final ImageRatingService ratings;

    public ViewImage() {
        this(LibraryWiring.authenticator(), LibraryWiring.images(), LibraryWiring.links(), LibraryWiring.ratings());
    }

    ViewImage(Function<HttpRequest, Caller> authenticator, ImageService images, ImageLinks links,
              ImageRatingService ratings) {
        super(LoupeApi.INSTANCE, authenticator);
        this.images = images;
        this.links = links;
        this.ratings = ratings;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var details = images.details(caller, request.pathParameter("id").orElseThrow());
        return family().ok(200, ImageView.of(details, links,
                ratings.tally(caller.projectId(), details.image().imageId())), request.preferredFormat());
    }
}
