package dev.loupe.functions.library;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authentication;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;

/**
 * {@code DELETE /v1/images/{id}}: deletes an image's bytes and thumbnails and leaves a tombstone that its users
 * (galleries) learn of. Answers 204; repeating it is harmless.
 */
public final class DeleteImage extends ApiHandler {
    public DeleteImage() {
        super(LoupeApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var caller = Authentication.caller(request);
        Library.images().delete(caller, request.pathParameter("id").orElseThrow());
        return family().noContent();
    }
}
