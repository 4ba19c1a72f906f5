package dev.loupe.auth;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.loupe.core.http.ApiError;

/**
 * Turns an {@code Authorization: Bearer <jwt>} header (or the bare {@code Authorization: <jwt>} that the image list
 * API's clients send) into a verified {@link Caller}, or a 401 whose code says what is wrong. Tokens are HS256, signed with the project's secret key, and name the project by its public key in
 * {@code jti}. {@code iss} and {@code aud} are deliberately ignored: client libraries fill them with arbitrary values.
 */
public final class TokenVerifier {
    /** Clocks of the machines that sign tokens run a little ahead of ours. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    /**
     * The life of a token without {@code exp}: how far in the past its {@code iat} and {@code nbf} may lie. A token
     * with {@code exp} lives until then, whatever its {@code iat}: one public client of the task API back-dates
     * {@code iat} and {@code nbf} by 90 minutes and sets {@code exp} 150 minutes ahead.
     */
    static final Duration MAX_AGE = Duration.ofHours(2);
    /** How far ahead {@code exp} may lie, so that a leaked token cannot be useful for long. */
    static final Duration MAX_LIFETIME = Duration.ofHours(3);
    /**
     * Long enough that a warm function rarely reads the directory, short enough that a rotated secret takes hold: the
     * default, and template.yaml's {@code PROJECT_CACHE_SECONDS}.
     */
    public static final Duration CACHE_TTL = Duration.ofSeconds(60);
    /**
     * How old a cached project must be before a token it can't verify makes us read it again: a rotated key works at
     * once, while forged tokens cost at most one read per key this often.
     */
    static final Duration REREAD_AFTER = Duration.ofSeconds(5);

    /**
     * How long a container trusts a session it has read. Every request with a session token needs its session, and a
     * read costs a few milliseconds on a warm connection; within these seconds an ended session may still be taken
     * by another warm container (the container that ended it forgets it at once). A cold container has nothing cached:
     * its first session request pays one strongly consistent GetItem more (plus the client's first connection, which
     * the projects lookup opens anyway).
     */
    static final Duration SESSION_CACHE_TTL = Duration.ofSeconds(5);

    static final String BROWSER_TOKEN_USE = "browser";
    static final String SESSION_TOKEN_USE = "session";

    /** @param reread when a token that didn't verify made this copy be read again (null: never) */
    private record Cached(Project project, Instant expires, Instant read, Instant reread) {
    }

    private record CachedSession(Session session, Instant until) {
    }

    private final ProjectDirectory directory;
    private final SessionDirectory sessions;
    private final Clock clock;
    private final Duration cacheTtl;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CachedSession> sessionCache = new ConcurrentHashMap<>();

    /** A verifier that knows no sessions: a session token answers 401 {@code session_ended}. */
    public TokenVerifier(ProjectDirectory directory, Clock clock) {
        this(directory, SessionDirectory.NONE, clock);
    }

    public TokenVerifier(ProjectDirectory directory, SessionDirectory sessions, Clock clock) {
        this(directory, sessions, clock, CACHE_TTL);
    }

    /** @param cacheTtl how long a project read from {@code directory} is trusted ({@link #CACHE_TTL} by default) */
    public TokenVerifier(ProjectDirectory directory, SessionDirectory sessions, Clock clock, Duration cacheTtl) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cacheTtl = Objects.requireNonNull(cacheTtl, "cacheTtl");
    }

    /**
     * @param authorizationHeader the raw {@code Authorization} header value, or null when the request has none
     * @throws ApiError a 401 when the token is missing, malformed, badly signed, unknown or out of its time window
     */
    public Caller verify(String authorizationHeader) {
        return verifyToken(bearerToken(authorizationHeader));
    }

    /** Verifies a token given without its {@code Bearer} prefix (the session cookie's value). */
    public Caller verifyToken(String token) {
        SignedJWT jwt = parseHs256(token);
        JWTClaimsSet claims = claims(jwt);

        String publicKey = stringClaim(claims, "jti");
        if (publicKey == null) {
            throw malformed("The token has no jti claim; it must hold the project's public key");
        }
        Project project = project(publicKey).orElseThrow(() -> ApiError.unauthorized("unknown_key",
                "No project has the public key that the token names in its jti claim"));
        if (!signatureMatches(jwt, project, clock.instant())) {
            // Perhaps signed with a key rotated in since the project was cached.
            project = reread(publicKey).orElse(project);
        }
        checkSignature(jwt, project, clock.instant());
        // Only now, with the signature good, is anything else the token says worth reading.
        if (SESSION_TOKEN_USE.equals(stringClaim(claims, "token_use"))) {
            return sessionCaller(project, claims);
        }
        checkTimes(claims, clock.instant());
        return caller(project, claims);
    }

    /**
     * The caller acting as the registered user of one of its project's sessions, named by the session's id or by a
     * session token (the gallery API's {@code cookie} parameter): only the user changes, the rest of the credential
     * stays the caller's. A session of another project, an ended one, or an anonymous one identifies nobody: 401.
     */
    public Caller asSessionUser(Caller caller, String sessionIdOrToken) {
        String value = sessionIdOrToken.strip();
        Optional<Session> named;
        if (value.indexOf('.') > 0) {
            Caller byToken = verifyToken(value);
            named = byToken.session().filter(s -> s.projectId().equals(caller.projectId()));
        } else {
            named = session(caller.projectId(), value, clock.instant());
        }
        Session session = named.filter(s -> s.activeAt(clock.instant()))
                .orElseThrow(() -> ApiError.unauthorized("session_ended", "The cookie names no live session of this "
                        + "project (logged out, expired, or another project's); log in again"));
        if (!session.loggedIn()) {
            throw ApiError.unauthorized("session_not_logged_in",
                    "The cookie names an anonymous session; log in first to act as a registered user");
        }
        return new Caller(caller.project(), caller.browser(), session.userId(), session.userName(), session.role(),
                caller.fileEncryptionKey(), caller.session(), caller.viaCookie(), caller.expires());
    }

    /** A container that ended a session forgets it at once (other containers within {@link #SESSION_CACHE_TTL}). */
    public void forgetSession(String projectId, String sessionId) {
        sessionCache.remove(projectId + "/" + sessionId);
    }

    /**
     * A session token is as good as its session: it must still be in the sessions table (a logout, a password change
     * or the user's deletion removes it), for the user the token names.
     */
    private Caller sessionCaller(Project project, JWTClaimsSet claims) {
        Instant now = clock.instant();
        Instant expires = instant(claims.getExpirationTime());
        if (expires == null || !expires.isAfter(now)) {
            throw expired("The session token expired" + (expires == null ? "" : " at " + expires));
        }
        String sessionId = stringClaim(claims, "sid");
        if (sessionId == null) {
            throw malformed("A session token must name its session in the sid claim");
        }
        Session session = session(project.projectId(), sessionId, now)
                .filter(s -> s.userId().equals(Optional.ofNullable(stringClaim(claims, "sub"))))
                .orElseThrow(() -> ApiError.unauthorized("session_ended",
                        "This session has ended (logged out, password changed or user deleted); start a new one"));
        return new Caller(project, !session.loggedIn(), session.userId(), session.userName(), session.role(),
                Optional.empty(), Optional.of(session), false, Optional.of(session.expires()));
    }

    private Optional<Session> session(String projectId, String sessionId, Instant now) {
        String key = projectId + "/" + sessionId;
        CachedSession cached = sessionCache.get(key);
        if (cached != null && now.isBefore(cached.until()) && cached.session().activeAt(now)) {
            return Optional.of(cached.session());
        }
        Optional<Session> found = sessions.find(projectId, sessionId);
        found.ifPresentOrElse(s -> sessionCache.put(key, new CachedSession(s, now.plus(SESSION_CACHE_TTL))),
                () -> sessionCache.remove(key));
        return found;
    }

    private static String bearerToken(String header) {
        if (header == null || header.isBlank()) {
            throw ApiError.unauthorized("missing_token",
                    "The request has no Authorization header; send 'Authorization: Bearer <token>'");
        }
        String[] parts = header.strip().split("\\s+", 2);
        if (parts.length == 1 && parts[0].contains(".")) {
            return parts[0]; // the image list API's form: the token as it is, with no scheme
        }
        if (!parts[0].equalsIgnoreCase("Bearer")) {
            throw malformed("The Authorization header must have the form 'Bearer <token>' or hold the token alone");
        }
        if (parts.length < 2 || parts[1].isBlank()) {
            throw malformed("The Authorization header has no token after 'Bearer'");
        }
        return parts[1].strip();
    }

    /** Decides on the header alone, so that an unsecured or encrypted token is named as such, not as garbage. */
    private static SignedJWT parseHs256(String token) {
        switch (header(token)) {
            case PlainHeader _ -> throw unsupported(
                    "The token is unsecured (alg 'none'); Loupe accepts only HS256-signed tokens");
            case JWEHeader _ -> throw unsupported(
                    "The token is encrypted (JWE); Loupe accepts only HS256-signed tokens (JWS)");
            case JWSHeader jws when !JWSAlgorithm.HS256.equals(jws.getAlgorithm()) -> throw unsupported(
                    "The token is signed with " + jws.getAlgorithm() + "; Loupe accepts only HS256");
            default -> {
            }
        }
        try {
            return SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            // RuntimeException too: hostile input must end in a 401, never in a 500 from deep inside the parser.
            throw malformed("The bearer token is not a well-formed JWT");
        }
    }

    private static Header header(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            throw malformed("The bearer token is not a JWT");
        }
        try {
            return Header.parse(new Base64URL(token.substring(0, dot)));
        } catch (ParseException | RuntimeException e) {
            throw malformed("The bearer token's header is not a valid JWT header");
        }
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw malformed("The token's payload is not a valid JWT claims set: " + e.getMessage());
        }
    }

    private Optional<Project> project(String publicKey) {
        Instant now = clock.instant();
        Cached cached = cache.get(publicKey);
        if (cached != null && now.isBefore(cached.expires())) {
            return Optional.of(cached.project());
        }
        // Misses are not cached: a project created a moment ago must work at once.
        Optional<Project> found = directory.findByPublicKey(publicKey);
        found.ifPresentOrElse(p -> cache.put(publicKey, new Cached(p, now.plus(cacheTtl), now, null)),
                () -> cache.remove(publicKey));
        return found;
    }

    /**
     * The project read again for a token its cached copy didn't verify: at once the first time (a key rotated in a
     * moment after the copy was read must work), then at most every {@link #REREAD_AFTER}, so that a flood of forged
     * tokens costs a few reads a minute; else empty.
     */
    private Optional<Project> reread(String publicKey) {
        Instant now = clock.instant();
        Cached cached = cache.get(publicKey);
        if (cached == null || cached.reread() != null && now.isBefore(cached.reread().plus(REREAD_AFTER))) {
            return Optional.empty();
        }
        cache.remove(publicKey);
        Optional<Project> found = project(publicKey);
        cache.computeIfPresent(publicKey, (key, fresh) -> new Cached(fresh.project(), fresh.expires(), fresh.read(),
                now));
        return found;
    }

    /**
     * The current secret key, else, during a rotation's grace period, the previous one: a backend that still signs
     * with the old key keeps working until the period ends ({@link Project.PreviousKey}).
     */
    private static void checkSignature(SignedJWT jwt, Project project, Instant now) {
        if (!signatureMatches(jwt, project, now)) {
            throw ApiError.unauthorized("invalid_signature",
                    "The token's signature does not match the project's secret key");
        }
    }

    private static boolean signatureMatches(SignedJWT jwt, Project project, Instant now) {
        return signedWith(jwt, project.secretKey()) || project.previousKey() != null
                && project.previousKey().verifiesAt(now) && signedWith(jwt, project.previousKey().secretKey());
    }

    private static boolean signedWith(SignedJWT jwt, String secretKey) {
        try {
            return jwt.verify(new MACVerifier(secretKey.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            // A secret shorter than HS256's 256 bits cannot verify anything; the message must not say more about it.
            return false;
        }
    }

    private static void checkTimes(JWTClaimsSet claims, Instant now) {
        Instant newest = now.plus(CLOCK_SKEW);
        Instant issued = instant(claims.getIssueTime());
        Instant notBefore = instant(claims.getNotBeforeTime());
        Instant expires = instant(claims.getExpirationTime());
        // With exp (itself at most 3 hours ahead, below) the token's own expiry decides; without, its age does.
        Instant oldest = expires == null ? now.minus(MAX_AGE) : Instant.MIN;

        if (issued != null) {
            if (issued.isAfter(newest)) {
                throw notYetValid("The token's issue time (iat) " + issued
                        + " lies in the future; check the clock of the machine that signed it");
            }
            if (issued.isBefore(oldest)) {
                throw expired("The token was issued at " + issued + ", more than 2 hours ago; a token without exp "
                        + "must be used within 2 hours of its iat");
            }
        }
        if (notBefore != null) {
            if (notBefore.isAfter(newest)) {
                throw notYetValid("The token is not valid before " + notBefore);
            }
            if (notBefore.isBefore(oldest)) {
                throw expired("The token's nbf " + notBefore + " lies more than 2 hours in the past, and it has no exp");
            }
        }
        if (expires != null) {
            if (!expires.isAfter(now)) {
                throw expired("The token expired at " + expires);
            }
            if (expires.isAfter(now.plus(MAX_LIFETIME).plus(CLOCK_SKEW))) {
                throw ApiError.unauthorized("token_lifetime_too_long", "The token expires at " + expires
                        + ", more than 3 hours from now; set exp at most 3 hours ahead");
            }
        }
        if (expires == null && issued == null) {
            throw ApiError.unauthorized("missing_expiry",
                    "The token has neither exp nor iat, so it would never expire; set exp (at most 3 hours ahead) "
                            + "or iat");
        }
    }

    private static Caller caller(Project project, JWTClaimsSet claims) {
        boolean browser = BROWSER_TOKEN_USE.equals(stringClaim(claims, "token_use"));
        Optional<String> userId = Optional.ofNullable(stringClaim(claims, "sub"));
        Optional<String> userName = Optional.ofNullable(stringClaim(claims, "name"));
        String roleClaim = stringClaim(claims, "role");
        Optional<Role> role = Role.parse(roleClaim);
        if (roleClaim != null && role.isEmpty()) {
            throw malformed("The role claim must be one of " + allowedRoles() + "; it is '" + roleClaim + "'");
        }
        if (browser && (userId.isPresent() || role.isPresent())) {
            // A browser token comes from the public key alone; only a backend holding the secret speaks for a user.
            throw malformed("A browser token must not carry sub or role claims");
        }
        Instant expires = instant(claims.getExpirationTime());
        Instant issued = instant(claims.getIssueTime());
        return new Caller(project, browser, userId, userName, role,
                Optional.ofNullable(stringClaim(claims, "file_encryption_key")), Optional.empty(), false,
                Optional.ofNullable(expires != null ? expires : issued.plus(MAX_AGE)));
    }

    /** A string claim, or null when absent or blank: some clients fill claims they do not use with "". */
    private static String stringClaim(JWTClaimsSet claims, String name) {
        try {
            String value = claims.getStringClaim(name);
            return value == null || value.isBlank() ? null : value;
        } catch (ParseException e) {
            throw malformed("The token's " + name + " claim must be a string");
        }
    }

    private static String allowedRoles() {
        return Arrays.stream(Role.values())
                .map(r -> r.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static ApiError malformed(String message) {
        return ApiError.unauthorized("malformed_token", message);
    }

    private static ApiError unsupported(String message) {
        return ApiError.unauthorized("unsupported_algorithm", message);
    }

    private static ApiError expired(String message) {
        return ApiError.unauthorized("token_expired", message);
    }

    private static ApiError notYetValid(String message) {
        return ApiError.unauthorized("token_not_yet_valid", message);
    }
}
