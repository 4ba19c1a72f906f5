package dev.loupe.people;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import dev.loupe.auth.Caller;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.auth.limits.RateLimiter;
import dev.loupe.auth.Session;
import dev.loupe.auth.SessionStore;
import dev.loupe.core.http.ApiError;

/**
 * Sessions as a client sees them: the current one (started anonymous on first contact), a login that upgrades it to
 * a new session of the user, a logout that ends it and starts a new anonymous one.
 *
 * <p>Failed logins are throttled per account and per client address ({@link #ACCOUNT_FAILURES} and
 * {@link #ADDRESS_FAILURES} per {@link #WINDOW}, counted in the rate-limits table): past either, every login of that
 * account or address answers 429 with {@code Retry-After} until the window ends, good password or not. The account's
 * count is keyed by the name as typed (lower case), whether a user has it or not, and an unknown name hashes a dummy
 * password: the answers, the throttle and the time are the same for a name that exists and one that doesn't.
 */
public final class Logins {
    static final int ACCOUNT_FAILURES = 5;
    static final int ADDRESS_FAILURES = 30;
    static final Duration WINDOW = Duration.ofMinutes(15);

    /** A new session and the token that carries it. */
    public record Started(Session session, String token) {
    }

    private final UserStore users;
    private final SessionStore sessions;
    private final RateLimiter limiter;
    private final Clock clock;

    public Logins(UserStore users, SessionStore sessions, RateLimiter limiter, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.limiter = limiter;
        this.clock = clock;
    }

    /**
     * A login with a username (or email) and password, on behalf of any caller of the project. The caller's own
     * session, if it has one, ends: the logged-in session always has a new id.
     */
    public Started login(Caller caller, Optional<String> sourceIp, Optional<String> username, Optional<String> email,
                         String password) {
        String name = username.or(() -> email).map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> ApiError.badParameter("username", "username (or email) is required"));
        if (name.length() > 254 || password.length() > Passwords.MAX_LENGTH) {
            throw invalid();
        }
        String project = caller.projectId();
        String account = "LOGIN#A#" + name.toLowerCase(Locale.ROOT);
        String address = "LOGIN#IP#" + sourceIp.orElse("unknown");
        throttle(project, account, ACCOUNT_FAILURES);
        throttle(project, address, ADDRESS_FAILURES);

        Optional<User> user = username.isPresent() ? users.findByUsername(project, name)
                : users.findByEmail(project, name);
        boolean good = user.flatMap(User::passwordHash)
                .map(hash -> Passwords.matches(password, hash))
                .orElseGet(() -> Passwords.matchesNobody(password));
        if (!good) {
            limiter.addFailure(project, account, WINDOW);
            limiter.addFailure(project, address, WINDOW);
            throw invalid();
        }
        User who = user.orElseThrow();
        if (caller.project().requireVerifiedEmail() && !who.emailVerified()) {
            // Said only to whoever knows the password: no oracle for anyone else.
            throw new ApiError(403, "email_not_verified", "This project requires a verified email before login; "
                    + "open the link in the verification mail");
        }
        caller.session().ifPresent(s -> sessions.end(project, s.sessionId()));
        Session session = sessions.startFor(project, who.userId(), who.username(), who.role());
        return new Started(session, TokenIssuer.sessionToken(caller.project(), session));
    }

    /** The caller's session; with none, a new anonymous one (the caller then gets its token). */
    public Optional<Started> current(Caller caller, Optional<String> sessionId) {
        if (caller.session().isPresent()) {
            return Optional.empty();
        }
        if (sessionId.isPresent()) {
            return Optional.of(sessions.find(caller.projectId(), sessionId.get())
                    .map(s -> new Started(s, TokenIssuer.sessionToken(caller.project(), s)))
                    .orElseThrow(() -> new ApiError(404, "session_not_found",
                            "No session of this project has this id (it ended or never was)", "session_id")));
        }
        Session session = sessions.startAnonymous(caller.projectId());
        return Optional.of(new Started(session, TokenIssuer.sessionToken(caller.project(), session)));
    }

    /** Ends the caller's session at once and starts a new anonymous one. */
    public Started logout(Caller caller) {
        Session ending = caller.session().orElseThrow(() -> new ApiError(400, "no_session",
                "This request names no session: send its session token or cookie"));
        sessions.end(caller.projectId(), ending.sessionId());
        Session session = sessions.startAnonymous(caller.projectId());
        return new Started(session, TokenIssuer.sessionToken(caller.project(), session));
    }

    private void throttle(String project, String subject, int limit) {
        RateLimiter.Decision decision = limiter.failures(project, subject, limit, WINDOW);
        if (!decision.allowed()) {
            throw new ApiError(429, "too_many_failed_logins", "Too many failed logins; try again later")
                    .withHeaders(java.util.Map.of("Retry-After",
                            Long.toString(decision.retryAfterSeconds(clock.instant()))));
        }
    }

    private static ApiError invalid() {
        return ApiError.unauthorized("invalid_credentials", "The username (or email) and password do not match");
    }
}
