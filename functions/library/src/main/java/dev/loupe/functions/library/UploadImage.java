package dev.loupe.functions.library;

import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authentication;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.ImageView;
import dev.loupe.library.UploadRequests;
import dev.loupe.library.UploadValidation;

/**
 * {@code POST /v1/uploads}: a multipart upload (Constant Contact's shape: a metadata part in Atom XML or JSON, then the
 * file) of an image small enough for an API request. Answers 201 with the active image, its thumbnails made. Larger
 * files take {@code POST /v1/uploads/url}.
 */
public final class UploadImage extends ApiHandler {
    public UploadImage() {
        super(LoupeApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var caller = Authentication.caller(request);
        var upload = UploadRequests.fromMultipart(request, UploadValidation.Md5Check.IF_DECLARED, Optional.empty());
        var image = Library.uploads().upload(caller, upload);
        return family().ok(201, ImageView.of(image, java.util.List.of(), Library.links()), request.preferredFormat());
    }
}
