package dev.loupe.people;

import java.time.Clock;
import java.time.Instant;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.loupe.auth.Caller;
import dev.loupe.auth.Role;
import dev.loupe.auth.Session;
import dev.loupe.auth.SessionStore;
import dev.loupe.core.Ids;
import dev.loupe.core.http.ApiError;

/**
 * A project's users: register, read, search, change, delete, export, change a password. Validates what clients send,
 * decides access ({@link PeopleAccess}) and keeps sessions in step: a password change and a deletion end the user's
 * sessions, a role change reaches them at once.
 */
public final class PeopleService {
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,32}");
    /** Enough of RFC 5322 to refuse typos; whether the address works is what verification would prove. */
    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    static final int MAX_DISPLAY_NAME = 100;
    static final int MAX_BIO = 1000;
    public static final int MAX_SEARCH_LIMIT = 100;

    /** What a registration or a change asks for; absent fields stay as they are. */
    public record Changes(Optional<String> username, Optional<String> displayName, Optional<String> email,
                          Optional<String> password, Optional<String> role, Optional<String> avatar,
                          Optional<String> bio) {
    }

    private final UserStore users;
    private final SessionStore sessions;
    private final Clock clock;

    public PeopleService(UserStore users, SessionStore sessions, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.clock = clock;
    }

    public User register(Caller caller, Changes request) {
        PeopleAccess.requireRegister(caller);
        String username = request.username().map(String::strip)
                .orElseThrow(() -> ApiError.badParameter("username", "username is required"));
        if (!USERNAME.matcher(username).matches()) {
            throw ApiError.badParameter("username", "username must be 3 to 32 of a-z, 0-9, '_', '.' and '-'");
        }
        String email = email(request.email()
                .orElseThrow(() -> ApiError.badParameter("email", "email is required")));
        String displayName = displayName(request.displayName().orElse(username));
        Role role = request.role().map(r -> role(caller, r)).orElse(Role.VIEWER);
        Optional<String> hash = request.password().map(PeopleService::checkedPassword).map(Passwords::hash);
        Instant now = clock.instant();
        User user = new User(caller.projectId(), Ids.newId(), username, displayName, email, false, role,
                request.avatar().map(PeopleService::avatar), request.bio().map(PeopleService::bio), hash, now, now);
        switch (users.create(user)) {
            case USERNAME -> throw new ApiError(409, "username_taken",
                    "The username '" + username + "' is taken (usernames are unique regardless of case)",
                    "username");
            case EMAIL -> throw new ApiError(409, "email_taken", "Another user of this project has this email",
                    "email");
            case NONE -> {
            }
        }
        return user;
    }

    /** A user of the caller's project by username: 404 when there is none (also for another project's). */
    public User get(Caller caller, String username) {
        if (!USERNAME.matcher(username).matches()) {
            throw notFound();
        }
        return users.findByUsername(caller.projectId(), username).orElseThrow(PeopleService::notFound);
    }

    /** The registered user a caller is, if any: a session's user or a backend token's {@code sub}. */
    public Optional<User> self(Caller caller) {
        return caller.userId().flatMap(id -> users.findById(caller.projectId(), id));
    }

    public UserStore.Page search(Caller caller, String prefix, int limit, Optional<String> cursor) {
        String q = prefix == null ? "" : prefix.strip();
        if (q.isEmpty() || q.length() > 100) {
            throw ApiError.badParameter("q", "q is required: 1 to 100 characters that names or usernames start with");
        }
        if (limit < 1 || limit > MAX_SEARCH_LIMIT) {
            throw ApiError.badParameter("limit", "limit must be 1 to " + MAX_SEARCH_LIMIT);
        }
        return users.search(caller.projectId(), q, limit, cursor);
    }

    public User update(Caller caller, String username, Changes changes) {
        User before = get(caller, username);
        PeopleAccess.requireSelfOrManager(caller, before);
        if (changes.username().filter(u -> !u.equals(before.username())).isPresent()) {
            throw ApiError.badParameter("username", "a username can't change (user_id never does; register anew)");
        }
        if (changes.password().isPresent()) {
            throw ApiError.badParameter("password", "change a password with POST /v1/users/{username}/password");
        }
        Role role = changes.role().map(r -> role(caller, r)).orElse(before.role());
        String email = changes.email().map(PeopleService::email).orElse(before.email());
        User after = new User(before.projectId(), before.userId(), before.username(),
                changes.displayName().map(PeopleService::displayName).orElse(before.displayName()), email,
                before.emailVerified() && email.equalsIgnoreCase(before.email()), role,
                changes.avatar().map(PeopleService::avatar).or(before::avatar),
                changes.bio().map(PeopleService::bio).or(before::bio), before.passwordHash(), before.joined(),
                later(before.updated()));
        write(before, after);
        if (role != before.role()) {
            sessions.updateRole(after.projectId(), after.userId(), role);
        }
        return after;
    }

    /**
     * A new password: the user gives its old one (a session or a token naming the user), the project's backend
     * needs none. Ends every session of the user, this one included: whoever knew the old password is out at once.
     */
    public void changePassword(Caller caller, String username, Optional<String> oldPassword, String newPassword) {
        User before = get(caller, username);
        PeopleAccess.requireSelfOrManager(caller, before);
        boolean backend = caller.backend();
        if (!backend) {
            String old = oldPassword.orElseThrow(() -> ApiError.badParameter("old_password",
                    "old_password is required (only the project's backend changes a password without it)"));
            if (before.passwordHash().isEmpty() || !Passwords.matches(old, before.passwordHash().get())) {
                throw new ApiError(403, "wrong_password", "old_password is not this user's password",
                        "old_password");
            }
        }
        String hash = Passwords.hash(checkedPassword(newPassword));
        User after = new User(before.projectId(), before.userId(), before.username(), before.displayName(),
                before.email(), before.emailVerified(), before.role(), before.avatar(), before.bio(),
                Optional.of(hash), before.joined(), later(before.updated()));
        write(before, after);
        sessions.endAllOf(after.projectId(), after.userId());
    }

    /**
     * What becomes of a deleted user's galleries when the caller chooses {@code galleries=delete}: the gallery
     * module's delete of each (usages removed), wired by the function (lib/people does not know galleries).
     */
    @FunctionalInterface
    public interface OwnedGalleries {
        /** Cannot delete galleries: {@code galleries=delete} answers 501. */
        OwnedGalleries NONE = (caller, user) -> {
            throw new ApiError(501, "not_implemented", "Deleting a user's galleries is not available here",
                    "galleries");
        };

        void deleteAll(Caller caller, User user);
    }

    /**
     * The comments a user wrote, which the gallery module keeps (lib/people does not know comments): deleted with the
     * user. Wired by the function.
     */
    @FunctionalInterface
    public interface AuthoredComments {
        /** Where no comments are kept (lib/people's own tests): nothing to delete. */
        AuthoredComments NONE = (caller, user) -> {
        };

        void deleteAll(Caller caller, User user);
    }

    /** The comments a user wrote, for the user's export (each a JSON object); wired by the function. */
    @FunctionalInterface
    public interface CommentsExport {
        /** Where no comments are kept (lib/people's own tests): none. */
        CommentsExport NONE = (caller, user) -> List.of();

        List<Map<String, Object>> of(Caller caller, User user);
    }

    /** As {@link #delete(Caller, String, String, OwnedGalleries, AuthoredComments)}, galleries kept, no comments. */
    public void delete(Caller caller, String username, String galleries) {
        delete(caller, username, galleries, OwnedGalleries.NONE, AuthoredComments.NONE);
    }

    /**
     * Deletes a user: its sessions first (so nothing acts as it once the delete answers), then, with
     * {@code galleries=delete}, every gallery it owns, then the user and its claims. With {@code galleries=keep} (the
     * default) the galleries stay, owned by its id, which no user holds any more. {@code transfer} (to another user)
     * answers 501: not built. The user's comments are deleted, whatever {@code galleries} says (DESIGN.md,
     * "Comments": erasure means the words go, not just the name). The galleries and comments go before the user, so
     * a delete that fails half-way can be repeated.
     */
    public void delete(Caller caller, String username, String galleries, OwnedGalleries owned,
                       AuthoredComments comments) {
        if (!List.of("keep", "delete", "transfer").contains(galleries)) {
            throw ApiError.badParameter("galleries", "galleries must be 'keep' (the user's galleries stay, owned by "
                    + "its user_id) or 'delete' (they are deleted with the user)");
        }
        User user = get(caller, username);
        PeopleAccess.requireSelfOrManager(caller, user);
        if ("transfer".equals(galleries)) {
            throw new ApiError(501, "not_implemented", "galleries=transfer (giving a deleted user's galleries to "
                    + "another user) is not supported yet; use keep or delete", "galleries");
        }
        sessions.endAllOf(user.projectId(), user.userId());
        if ("delete".equals(galleries)) {
            owned.deleteAll(caller, user);
        }
        comments.deleteAll(caller, user);
        users.delete(user);
        // A session started between the two steps (a login racing the delete) ends here.
        sessions.endAllOf(user.projectId(), user.userId());
    }

    /** Everything Loupe keeps about a user, for a data-protection request (the password's hash is never shown). */
    public Map<String, Object> export(Caller caller, String username) {
        return export(caller, username, CommentsExport.NONE);
    }

    /** As {@link #export(Caller, String)}, with the comments the user wrote ({@code comments}). */
    public Map<String, Object> export(Caller caller, String username, CommentsExport comments) {
        User user = get(caller, username);
        PeopleAccess.requireSelfOrManager(caller, user);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user", PeopleViews.account(user));
        List<Map<String, Object>> sessionList = sessions.sessionsOf(user.projectId(), user.userId()).stream()
                .map(PeopleService::sessionExport).toList();
        data.put("sessions", sessionList);
        data.put("comments", comments.of(caller, user));
        data.put("exported", clock.instant().toString());
        return data;
    }

    private static Map<String, Object> sessionExport(Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", s.sessionId());
        m.put("created", s.created().toString());
        m.put("expires", s.expires().toString());
        return m;
    }

    private void write(User before, User after) {
        try {
            if (users.update(before, after) == UserStore.Conflict.EMAIL) {
                throw new ApiError(409, "email_taken", "Another user of this project has this email", "email");
            }
        } catch (ConcurrentModificationException e) {
            throw new ApiError(409, "conflict", "The user changed (or was deleted) meanwhile; read it and try again");
        }
    }

    /** A new updated time strictly after the last, so two changes within one clock tick still differ. */
    private Instant later(Instant previous) {
        Instant now = clock.instant();
        return now.isAfter(previous) ? now : previous.plusNanos(1000);
    }

    private static Role role(Caller caller, String value) {
        Role role = Role.parse(value).orElseThrow(() -> ApiError.badParameter("role",
                "role must be admin, editor or viewer"));
        if (!PeopleAccess.isManager(caller)) {
            throw new ApiError(403, "forbidden", "Only the project's backend or an admin sets a role", "role");
        }
        return role;
    }

    static String email(String value) {
        String email = value.strip();
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw ApiError.badParameter("email", "email must be an address like name@example.com");
        }
        return email;
    }

    private static String displayName(String value) {
        String name = value.strip();
        if (name.isEmpty() || name.length() > MAX_DISPLAY_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiError.badParameter("display_name", "display_name must be 1 to " + MAX_DISPLAY_NAME
                    + " characters without control characters");
        }
        return name;
    }

    private static String bio(String value) {
        if (value.length() > MAX_BIO) {
            throw ApiError.badParameter("bio", "bio must be at most " + MAX_BIO + " characters");
        }
        return value;
    }

    private static String avatar(String value) {
        if (!Ids.plausible(value)) {
            throw ApiError.badParameter("avatar", "avatar must be a library image id");
        }
        return value;
    }

    static String checkedPassword(String password) {
        if (password.length() < Passwords.MIN_LENGTH || password.length() > Passwords.MAX_LENGTH) {
            throw ApiError.badParameter("password", "password must be " + Passwords.MIN_LENGTH + " to "
                    + Passwords.MAX_LENGTH + " characters");
        }
        return password;
    }

    static ApiError notFound() {
        return new ApiError(404, "user_not_found", "No such user in this project");
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
