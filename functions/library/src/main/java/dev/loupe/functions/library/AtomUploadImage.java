package dev.loupe.functions.library;

import java.util.List;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.http.AtomApi;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.library.UploadRequests;
import dev.loupe.library.UploadValidation;

/**
 * {@code POST /ws/customers/{username}/library/folders/{folderId}/images}: Constant Contact's upload, multipart with
 * the Atom entry first ({@code FileName}, {@code MD5Hash}, {@code Description}) and the bytes second. Constant Contact
 * always sends the MD5, so it is required here. Answers 201 with {@code Location} and the new image's entry
 * ({@link UploadImage}'s twin).
 */
public final class AtomUploadImage extends ApiHandler {
    public AtomUploadImage() {
        super(AtomApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        var call = AtomRequests.call(request);
        String folderId = AtomRequests.folderId(request);
        // Read first: an unknown folder is a 404 before the body is parsed, and the entry names the folder.
        var folder = Folders.service().get(call.caller(), folderId);
        var upload = UploadRequests.fromMultipart(request, UploadValidation.Md5Check.REQUIRED, Optional.of(folderId));
        var image = Library.uploads().upload(call.caller(), upload);
        return AtomApi.INSTANCE.created(call.atom().imagePath(folderId, image.imageId()),
                call.atom().imageEntry(folder, image, List.of(), Library.links()));
    }
}
