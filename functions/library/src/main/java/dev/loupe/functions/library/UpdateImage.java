package dev.loupe.functions.library;

import java.util.Optional;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.Params;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageService;
import dev.loupe.library.ImageStore;
import dev.loupe.library.ImageView;

/**
 * {@code PATCH /v1/images/{id}}: change an image's {@code file_name}, {@code description}, {@code status} (active or
 * archived) or {@code gps_public}. Answers the image as it now is.
 */
public final class UpdateImage extends AuthenticatedApiHandler<Caller> {
    private final ImageStore imageStore;
    private final ImageService images;
    private final ImageLinks links;

    public UpdateImage() {
        this(LibraryWiring.authenticator(), LibraryWiring.imageStore(), LibraryWiring.images(), LibraryWiring.links());
    }

    UpdateImage(Function<HttpRequest, Caller> authenticator, ImageStore imageStore, ImageService images,
            ImageLinks links) {
        super(LoupeApi.INSTANCE, authenticator);
        this.imageStore = imageStore;
        this.images = images;
        this.links = links;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        Params params = request.params();
        var update = new ImageService.Update(params.first("file_name"), params.first("description"),
                params.text("status"), params.bool("gps_public"));
        if (update.equals(new ImageService.Update(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()))) {
            throw ApiError.badParameter(null, "Nothing to change: send file_name, description, status or gps_public");
        }
        var image = images.update(caller, request.pathParameter("id").orElseThrow(), update);
        var usages = imageStore.usages(image.projectId(), image.imageId());
        return family().ok(200, ImageView.of(image, usages, links), request.preferredFormat());
    }
}
