package dev.loupe.functions.library;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.ImageService;

/**
 * {@code DELETE /v1/images/{id}}: deletes an image's bytes and thumbnails and leaves a tombstone that its users
 * (galleries) learn of. Answers 204; repeating it is harmless.
 */
public final class DeleteImage extends AuthenticatedApiHandler<Caller> {
    private final ImageService images;

    public DeleteImage() {
        this(LibraryWiring.authenticator(), LibraryWiring.images());
    }

    DeleteImage(Function<HttpRequest, Caller> authenticator, ImageService images) {
        super(LoupeApi.INSTANCE, authenticator);
        this.images = images;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        images.delete(caller, request.pathParameter("id").orElseThrow());
        return family().noContent();
    }
}
