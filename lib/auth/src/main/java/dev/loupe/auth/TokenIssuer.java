package dev.loupe.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Locale;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Signs the tokens that {@link TokenVerifier} accepts: HS256 with the project's secret, its public key in jti. */
public final class TokenIssuer {
    /** Well inside the verifier's limits, so a fresh token survives clock skew at either end. */
    static final Duration LIFETIME = Duration.ofHours(2);

    private TokenIssuer() {
    }

    /** The token {@code POST /v1/auth} hands a browser that knows only the project's public key. */
    public static String browserToken(Project project, Clock clock) {
        return sign(project, claims(project, clock).claim("token_use", TokenVerifier.BROWSER_TOKEN_USE));
    }

    /**
     * The token a project's backend signs, optionally speaking for one of its end users.
     *
     * @param userId   the end user's id ({@code sub}), or null
     * @param userName the end user's display name ({@code name}), or null
     * @param role     the end user's role ({@code role}, lowercase), or null
     */
    public static String backendToken(Project project, Clock clock, String userId, String userName, Role role) {
        JWTClaimsSet.Builder claims = claims(project, clock).subject(userId).claim("name", userName);
        if (role != null) {
            claims.claim("role", role.name().toLowerCase(Locale.ROOT));
        }
        return sign(project, claims);
    }

    /**
     * The token of a session ({@code token_use = session}, {@code sid}, and {@code sub} once logged in), valid as
     * long as the session: the verifier checks the session itself on every request, so ending the session ends the
     * token at once.
     */
    public static String sessionToken(Project project, dev.loupe.auth.Session session) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .jwtID(project.publicKey())
                .issueTime(Date.from(session.created().truncatedTo(ChronoUnit.SECONDS)))
                .expirationTime(Date.from(session.expires().truncatedTo(ChronoUnit.SECONDS)))
                .claim("token_use", TokenVerifier.SESSION_TOKEN_USE)
                .claim("sid", session.sessionId());
        session.userId().ifPresent(claims::subject);
        return sign(project, claims);
    }

    private static JWTClaimsSet.Builder claims(Project project, Clock clock) {
        // JWT times are whole seconds; truncating here keeps iat and exp exactly LIFETIME apart.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return new JWTClaimsSet.Builder()
                .jwtID(project.publicKey())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)));
    }

    private static String sign(Project project, JWTClaimsSet.Builder claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(project.secretKey().getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            // Only a secret shorter than 256 bits gets here, and Loupe never generates one.
            throw new IllegalStateException("Cannot sign a token for project " + project.projectId(), e);
        }
        return jwt.serialize();
    }
}
