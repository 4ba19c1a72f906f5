package dev.loupe.people;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import dev.loupe.auth.Caller;
import dev.loupe.auth.SessionStore;
import dev.loupe.core.http.ApiError;

/**
 * What emailed links do: verify a user's email, reset a forgotten password. Each link carries a one-time token
 * ({@link EmailTokens}) that expires: a verification after {@link #VERIFY_LIFETIME}, a reset after
 * {@link #RESET_LIFETIME}.
 */
public final class EmailLinks {
    static final Duration VERIFY_LIFETIME = Duration.ofHours(24);
    static final Duration RESET_LIFETIME = Duration.ofHours(1);

    private final UserStore users;
    private final SessionStore sessions;
    private final EmailTokens tokens;
    private final Mailer mailer;
    private final Clock clock;

    public EmailLinks(UserStore users, SessionStore sessions, EmailTokens tokens, Mailer mailer, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.tokens = tokens;
        this.mailer = mailer;
        this.clock = clock;
    }

    /** Mails the user a link that verifies its current email (the user itself or a manager asks). */
    public void sendVerification(Caller caller, String username, String baseUrl) {
        User user = users.findByUsername(caller.projectId(), username).orElseThrow(PeopleService::notFound);
        PeopleAccess.requireSelfOrManager(caller, user);
        String token = tokens.issue(caller.projectId(), EmailTokens.Purpose.VERIFY, user.userId(), user.email(),
                VERIFY_LIFETIME);
        mailer.send(user.email(), "Confirm your email address", """
                Hello %s,

                open this link within 24 hours to confirm that this is your address:

                %s/v1/email-verifications/%s?project=%s

                If you did not ask for this, ignore this mail.
                """.formatted(user.displayName(), baseUrl, token, caller.projectId()));
    }

    /** Uses a verification link: the user's email is verified if it is still the address the link was sent to. */
    public User verify(String projectId, String token) {
        EmailTokens.Used used = tokens.use(projectId, EmailTokens.Purpose.VERIFY, token)
                .orElseThrow(EmailLinks::invalid);
        User before = users.findById(projectId, used.userId()).orElseThrow(EmailLinks::invalid);
        if (!before.email().equalsIgnoreCase(used.email())) {
            throw new ApiError(400, "email_changed", "The user's email changed since this link was sent");
        }
        if (before.emailVerified()) {
            return before;
        }
        User after = new User(before.projectId(), before.userId(), before.username(), before.displayName(),
                before.email(), true, before.role(), before.avatar(), before.bio(), before.passwordHash(),
                before.joined(), clock.instant().isAfter(before.updated()) ? clock.instant()
                : before.updated().plusNanos(1000));
        users.update(before, after);
        return after;
    }

    /**
     * Mails a reset link to the user with this username or email, if there is one; answers the same either way, so
     * the call tells nobody whether an account exists.
     */
    public void requestReset(Caller caller, Optional<String> username, Optional<String> email, String baseUrl) {
        if (username.isEmpty() && email.isEmpty()) {
            throw ApiError.badParameter("username", "username (or email) is required");
        }
        Optional<User> user = username.isPresent()
                ? Optional.of(username.get()).filter(u -> PeopleService.USERNAME.matcher(u).matches())
                .flatMap(u -> users.findByUsername(caller.projectId(), u))
                : users.findByEmail(caller.projectId(), email.get());
        user.ifPresent(u -> {
            String token = tokens.issue(caller.projectId(), EmailTokens.Purpose.RESET, u.userId(), u.email(),
                    RESET_LIFETIME);
            mailer.send(u.email(), "Reset your password", """
                    Hello %s,

                    someone (we hope you) asked to reset your password. Within one hour, set a new one by posting it
                    to this link (your app's reset page does that for you):

                    %s/v1/password-resets/%s

                    Reset token: %s

                    If you did not ask for this, ignore this mail; your password stays as it is.
                    """.formatted(u.displayName(), baseUrl, token, token));
        });
    }

    /** Uses a reset link: a new password, and every session of the user ends. */
    public void reset(Caller caller, String token, String newPassword) {
        String checked = PeopleService.checkedPassword(newPassword);
        EmailTokens.Used used = tokens.use(caller.projectId(), EmailTokens.Purpose.RESET, token)
                .orElseThrow(EmailLinks::invalid);
        User before = users.findById(caller.projectId(), used.userId()).orElseThrow(EmailLinks::invalid);
        User after = new User(before.projectId(), before.userId(), before.username(), before.displayName(),
                before.email(), before.emailVerified(), before.role(), before.avatar(), before.bio(),
                Optional.of(Passwords.hash(checked)), before.joined(),
                clock.instant().isAfter(before.updated()) ? clock.instant() : before.updated().plusNanos(1000));
        users.update(before, after);
        sessions.endAllOf(after.projectId(), after.userId());
    }

    private static ApiError invalid() {
        return new ApiError(400, "invalid_token", "This link is unknown, expired or used already", "token");
    }
}
