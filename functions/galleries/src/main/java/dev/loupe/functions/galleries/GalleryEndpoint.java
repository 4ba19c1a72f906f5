package dev.loupe.functions.galleries;

import java.util.Locale;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.ApiError;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.Format;
import dev.loupe.core.http.HttpRequest;

/**
 * {@code GET|POST /gallery_api.php}: the gallery API's single endpoint, for its existing clients: {@code action}
 * (create, edit, add, delete, delete_image, view (the default), gallery_list) with the gallery API's parameters
 * ({@code g}, {@code image}, {@code title}, {@code name}, {@code token}, {@code user}, {@code start},
 * {@code limit}), and for create and add a multipart body's {@code file} parts as the routes take them. It calls
 * the same {@link GalleryCalls} as the routes, and answers the gallery API's XML unless the client asks for JSON.
 */
public final class GalleryEndpoint extends GalleryHandler {
    private final GalleryCalls calls;

    public GalleryEndpoint() {
        this(GalleryWiring.authenticator(), GalleryWiring.callsAdmittingMembers());
    }

    GalleryEndpoint(Authenticator authenticator, GalleryCalls calls) {
        super(authenticator);
        this.calls = calls;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        String action = request.params().text("action").orElse("view").toLowerCase(Locale.ROOT);
        Object answer = switch (action) {
            case "create" -> calls.create(request, caller);
            case "view" -> calls.view(request, caller, GalleryCalls.name(request));
            case "add" -> calls.add(request, caller, GalleryCalls.name(request));
            case "edit" -> calls.edit(request, caller, GalleryCalls.name(request));
            case "delete" -> calls.delete(request, caller, GalleryCalls.name(request));
            case "delete_image" -> calls.deleteImage(request, caller, GalleryCalls.name(request),
                    GalleryCalls.ids(request.params(), "image", caller.projectId()).stream().findFirst());
            case "gallery_list" -> calls.list(request, caller);
            default -> throw new ApiError(400, "bad_parameter_action", "action is one of create, edit, add, delete, "
                    + "delete_image, view, gallery_list", "action");
        };
        return family().ok(200, answer, format(request));
    }

    /** Without {@code view}, the gallery API answers XML: JSON only for a client whose Accept names it and prefers it. */
    @Override
    protected Format defaultFormat(HttpRequest request) {
        boolean asksJson = request.header("accept").map(a -> a.toLowerCase(Locale.ROOT).contains("json"))
                .orElse(false);
        return asksJson && request.preferredFormat() == Format.JSON ? Format.JSON : Format.XML;
    }

    /** The gallery API's own generic failure ({@code <error code="io_error">}): the endpoint serves every action. */
    @Override
    protected String internalErrorCode() {
        return "io_error";
    }
}
