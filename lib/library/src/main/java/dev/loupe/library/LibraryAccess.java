package dev.loupe.library;

import dev.loupe.auth.Caller;
import dev.loupe.auth.Role;
import dev.loupe.core.http.ApiError;

/**
 * Who may do what in a project's library. Reading needs any verified caller of the project. Changing it needs the
 * project's own backend (a token signed with the secret key, with no user or with the admin or editor role); a
 * viewer and a browser token (made from the public key alone) may only read. The image list API follows the same
 * table: admins and editors list, viewers get 403.
 */
public final class LibraryAccess {
    private LibraryAccess() {
    }

    public static boolean mayChange(Caller caller) {
        if (caller.browser()) {
            return false;
        }
        if (caller.role().isPresent()) {
            return caller.role().get() == Role.ADMIN || caller.role().get() == Role.EDITOR;
        }
        // A backend token with a user but no role is that user acting with the project's trust, as in galleries.
        return true;
    }

    public static void requireChange(Caller caller) {
        if (!mayChange(caller)) {
            throw new ApiError(403, "forbidden", caller.browser()
                    ? "A browser token may only read the library; changes need a token from the project's backend"
                    : "This user's role may only read the library; changes need the admin or editor role");
        }
    }

    /**
     * Enumerating the library (the image lists, the folder list, a folder's images, in every API) needs the same
     * callers as changing it: a browser or viewer token may open an image whose unguessable id it was given, but may
     * not learn what else there is (an image used only by a private gallery would otherwise be found this way).
     */
    public static void requireList(Caller caller, String what) {
        if (!mayChange(caller)) {
            throw new ApiError(403, "forbidden", caller.browser()
                    ? "A browser token may not list " + what + "; list it with a token from the project's backend"
                    : "This user's role may not list " + what + "; listing needs the admin or editor role");
        }
    }

    /** Who the library records as having made a change. */
    public static Person person(Caller caller) {
        return caller.userId()
                .map(id -> new Person(id, caller.userName().orElse(id)))
                .orElse(Person.PROJECT);
    }
}
