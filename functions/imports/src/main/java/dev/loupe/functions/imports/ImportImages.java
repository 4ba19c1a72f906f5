package dev.loupe.functions.imports;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.Params;
import dev.loupe.core.http.Part;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageView;
import dev.loupe.library.ImportService;

/**
 * {@code POST /v1/imports}: import images from where they already are.
 * <ul>
 * <li>From a public URL: {@code url}, optional {@code file_name}, {@code description}, {@code folder_id},
 * {@code skip_invalid}, as JSON, form or multipart fields. The server fetches it; answers 201 with the image, or
 * with the lists below when the URL serves a ZIP file.</li>
 * <li>From a ZIP file: multipart with the ZIP as the file part {@code file}, optional fields {@code folder_id} and
 * {@code skip_invalid}. Answers 201 with {@code {"imported": [images], "skipped": [{"name", "code", "message"}]}}.
 * </li>
 * </ul>
 * A request that carries a file part is a ZIP import; single images go to {@code POST /v1/uploads}.
 */
public final class ImportImages extends AuthenticatedApiHandler<Caller> {
    private final ImportService imports;
    private final ImageLinks links;

    public ImportImages() {
        this(ImportWiring.authenticator(), ImportWiring.imports(), ImportWiring.links());
    }

    ImportImages(Function<HttpRequest, Caller> authenticator, ImportService imports, ImageLinks links) {
        super(LoupeApi.INSTANCE, authenticator);
        this.imports = imports;
        this.links = links;
    }

    /** The answer of a ZIP import. */
    @JacksonXmlRootElement(localName = "import")
    record ImportAnswer(@JacksonXmlElementWrapper(localName = "imported") @JacksonXmlProperty(localName = "image")
                        List<ImageView> imported,
                        @JacksonXmlElementWrapper(localName = "skipped") @JacksonXmlProperty(localName = "entry")
                        List<ImportService.Skipped> skipped) {
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        Params params = request.params();
        boolean skipInvalid = params.bool("skip_invalid").orElse(false);
        Optional<String> folderId = params.text("folder_id");
        Optional<Part> file = request.mediaType().startsWith("multipart/")
                ? request.parts().stream().filter(Part::isFile).findFirst() : Optional.empty();

        ImportService.Imported imported;
        if (file.isPresent()) {
            if (params.text("url").isPresent()) {
                throw ApiError.badParameter("url", "Send either a url or a ZIP file part, not both");
            }
            byte[] zip = file.get().content();
            if (!ImportService.isZip(zip)) {
                throw new ApiError(400, "not_a_zip", "The file part is not a ZIP file. This route imports a ZIP "
                        + "file of images, or a url; upload a single image with POST /v1/uploads.", "file");
            }
            imported = imports.importZip(caller, zip, folderId, skipInvalid);
        } else {
            String url = params.text("url").orElseThrow(() -> new ApiError(400, "missing_url",
                    "Send the url of an image or ZIP file to import, or a ZIP file as the multipart part 'file'",
                    "url"));
            imported = imports.importUrl(caller, parse(url), params.text("file_name"),
                    params.first("description"), folderId, skipInvalid);
        }

        if (!imported.archive()) {
            return family().ok(201, ImageView.of(imported.images().getFirst(), List.of(), links),
                    request.preferredFormat());
        }
        return family().ok(201, new ImportAnswer(imported.images().stream()
                        .map(image -> ImageView.of(image, List.of(), links)).toList(), imported.skipped()),
                request.preferredFormat());
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new ApiError(400, "bad_url", "The URL is malformed: " + e.getReason() + ".", "url");
        }
    }
}
