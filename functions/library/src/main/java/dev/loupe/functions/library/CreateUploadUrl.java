package dev.loupe.functions.library;

import java.util.Map;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.Params;
import dev.loupe.library.UploadService;

/**
 * {@code POST /v1/uploads/url}: for a file too large for an API request, declare {@code file_name}, {@code size},
 * {@code md5} (hex) and optionally {@code content_type}, {@code description}, {@code folder_id}; get back a presigned
 * S3 PUT that only those bytes satisfy. The image is pending until S3 reports the file and the ingest has checked it;
 * {@code status_url} shows how it went.
 */
public final class CreateUploadUrl extends AuthenticatedApiHandler<Caller> {
    private final UploadService uploads;

    public CreateUploadUrl() {
        this(LibraryWiring.authenticator(), LibraryWiring.uploads());
    }

    CreateUploadUrl(Function<HttpRequest, Caller> authenticator, UploadService uploads) {
        super(LoupeApi.INSTANCE, authenticator);
        this.uploads = uploads;
    }

    /** The answer: where and how to PUT the bytes. */
    record UploadUrl(String imageId, String status, String uploadUrl, String method, Map<String, String> headers,
                     String expiresAt, String statusUrl) {
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        Params params = request.params();
        long size = params.text("size").map(CreateUploadUrl::size).orElseThrow(() ->
                ApiError.badParameter("size", "size (the file's length in bytes) is required"));
        var command = new UploadService.PresignCommand(params.text("file_name").orElse(""), size,
                params.text("md5").orElse(""), params.text("content_type"), params.first("description"),
                params.text("folder_id"));
        var presigned = uploads.presign(caller, command);
        String imageId = presigned.image().imageId();
        return family().ok(201, new UploadUrl(imageId, presigned.image().status().word(),
                presigned.url().toString(), "PUT", presigned.headers(), presigned.expiresAt().toString(),
                request.baseUrl() + "/v1/images/" + imageId), request.preferredFormat());
    }

    private static long size(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badParameter("size", "size is a whole number of bytes, not '" + value + "'");
        }
    }
}
