package dev.loupe.people;

import dev.loupe.auth.Caller;
import dev.loupe.auth.Role;
import dev.loupe.core.http.ApiError;

/**
 * Who may do what to a project's users. Roles come only from {@link Caller#role()}: a backend token's claim or a
 * logged-in session's user's stored role, the same field the library and galleries read.
 * <ul>
 * <li>A <b>manager</b> is the project's backend (a token signed with the secret key that names no user) or an
 * admin (a backend token with {@code role admin}, or an admin's session). Managers register users with any role,
 * change anyone's profile and role, delete and export anyone.</li>
 * <li>A user may change, delete and export only itself, and never its own role.</li>
 * <li>Anyone of the project may read profiles and search.</li>
 * </ul>
 */
public final class PeopleAccess {
    private PeopleAccess() {
    }

    public static boolean isManager(Caller caller) {
        if (caller.role().isPresent()) {
            return caller.role().get() == Role.ADMIN;
        }
        return caller.backend() && caller.userId().isEmpty();
    }

    /** A sign-up: managers always; browsers (and anonymous sessions) when the project lets them. */
    static void requireRegister(Caller caller) {
        if (isManager(caller)) {
            return;
        }
        if ((caller.browser() || caller.session().isPresent()) && caller.userId().isEmpty()
                && caller.project().selfSignup()) {
            return;
        }
        throw new ApiError(403, "forbidden", caller.browser() || caller.session().isPresent()
                ? "This project does not let browsers sign up (self_signup is off); register users from its backend"
                : "Only the project's backend or an admin registers users");
    }

    /** The user itself, or a manager. */
    static void requireSelfOrManager(Caller caller, User user) {
        if (isManager(caller) || caller.userId().filter(user.userId()::equals).isPresent()) {
            return;
        }
        throw new ApiError(403, "forbidden", "Only the user itself, the project's backend or an admin may do this");
    }
}
