package dev.loupe.functions.library;

import java.util.Optional;

import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.AtomApi;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.library.AtomLibrary;
import dev.loupe.library.Image;

/**
 * What every handler of Constant Contact's Atom paths ({@code /ws/customers/{username}/library/...}) reads first: the
 * verified caller's project id, which must be the path's {@code {username}}, and the writer of its documents. A
 * request whose {@code Accept} rules Atom out gets a 406 first.
 */
final class AtomRequests {
    private AtomRequests() {
    }

    /** A verified caller on its own customer path, and the Atom writer whose links repeat that path. */
    record AtomCall(Caller caller, AtomLibrary atom) {
    }

    /**
     * Checks {@code {username}} against the verified caller before anything else: another value is a customer this
     * token cannot see, answered 404 like every other resource of another project.
     */
    static AtomCall call(HttpRequest request, Caller caller) {
        AtomApi.requireAcceptable(request);
        String username = request.pathParameter("username").orElse("");
        if (!username.equals(caller.projectId())) {
            throw new ApiError(404, "unknown_customer", "There is no customer '" + username + "' for this token: "
                    + "{username} is the project's id", "username");
        }
        return new AtomCall(caller, new AtomLibrary(username));
    }

    static String folderId(HttpRequest request) {
        return request.pathParameter("folderId").orElseThrow();
    }

    static String imageId(HttpRequest request) {
        return request.pathParameter("imageId").orElseThrow();
    }

    /**
     * The image when its record says it is in {@code folderId}; otherwise 404, the same answer as for an image that
     * does not exist, since an image's address includes its folder.
     */
    static Image inFolder(Optional<Image> image, String folderId, String imageId) {
        return image.filter(i -> i.folderId().equals(Optional.of(folderId))).orElseThrow(() -> new ApiError(404,
                "image_not_found", "There is no image " + imageId + " in folder " + folderId, "image_id"));
    }
}
