package dev.loupe.functions.library;

import java.util.Optional;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageView;
import dev.loupe.library.UploadRequests;
import dev.loupe.library.UploadService;
import dev.loupe.library.UploadValidation;

/**
 * {@code POST /v1/uploads}: a multipart upload (Constant Contact's shape: a metadata part in Atom XML or JSON, then the
 * file) of an image small enough for an API request. Answers 201 with the active image, its thumbnails made. Larger
 * files take {@code POST /v1/uploads/url}.
 */
public final class UploadImage extends AuthenticatedApiHandler<Caller> {
    private final UploadService uploads;
    private final ImageLinks links;

    public UploadImage() {
        this(LibraryWiring.authenticator(), LibraryWiring.uploads(), LibraryWiring.links());
    }

    UploadImage(Function<HttpRequest, Caller> authenticator, UploadService uploads, ImageLinks links) {
        super(LoupeApi.INSTANCE, authenticator);
        this.uploads = uploads;
        this.links = links;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var upload = UploadRequests.fromMultipart(request, UploadValidation.Md5Check.IF_DECLARED, Optional.empty());
        var image = uploads.upload(caller, upload);
        return family().ok(201, ImageView.of(image, java.util.List.of(), links), request.preferredFormat());
    }
}
