package dev.loupe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** Session tokens: as good as their session, from the header or the cookie; changes by cookie need the CSRF token. */
class SessionTokensTest {
    private static final Project PROJECT = TestProject.PROJECT;
    private final Map<String, Session> table = new HashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final TokenVerifier verifier = new TokenVerifier(TestProject.directory(), (project, id) -> {
        reads.incrementAndGet();
        return Optional.ofNullable(table.get(project + "/" + id));
    }, Clock.systemUTC());
    private final Authenticator authenticator = new Authenticator(verifier);

    private Session session(Optional<String> userId, Optional<Role> role) {
        Instant now = Instant.now();
        Session session = new Session(PROJECT.projectId(), "s" + table.size() + "aaaaaaaaaaaaaaaaaaaaaaaa", userId,
                userId.map(u -> "name-" + u), role, "csrf-" + table.size(), now, now.plus(Duration.ofHours(24)));
        table.put(PROJECT.projectId() + "/" + session.sessionId(), session);
        return session;
    }

    @Test
    void aLoggedInSessionsTokenIsItsUserWithTheStoredRole() {
        Session session = session(Optional.of("user-7"), Optional.of(Role.EDITOR));
        Caller caller = verifier.verify("Bearer " + TokenIssuer.sessionToken(PROJECT, session));

        assertThat(caller.userId()).contains("user-7");
        assertThat(caller.role()).contains(Role.EDITOR);
        assertThat(caller.browser()).isFalse();
        assertThat(caller.backend()).isFalse();
        assertThat(caller.tokenKind()).isEqualTo("session");
        assertThat(caller.expires()).contains(session.expires());
    }

    @Test
    void anAnonymousSessionIsABrowserCaller() {
        Caller caller = verifier.verify("Bearer " + TokenIssuer.sessionToken(PROJECT, session(Optional.empty(),
                Optional.empty())));

        assertThat(caller.browser()).isTrue();
        assertThat(caller.userId()).isEmpty();
    }

    @Test
    void anEndedSessionsTokenIs401AndIsNotCachedAsAlive() {
        Session session = session(Optional.of("user-8"), Optional.of(Role.VIEWER));
        String token = TokenIssuer.sessionToken(PROJECT, session);
        verifier.verify("Bearer " + token);
        table.clear();
        verifier.forgetSession(PROJECT.projectId(), session.sessionId());

        assertThatThrownBy(() -> verifier.verify("Bearer " + token))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("session_ended"));
    }

    @Test
    void aSessionIsReadOncePerFewSecondsPerContainer() {
        String token = TokenIssuer.sessionToken(PROJECT, session(Optional.of("user-9"), Optional.of(Role.ADMIN)));
        verifier.verify("Bearer " + token);
        verifier.verify("Bearer " + token);

        assertThat(reads).hasValue(1);
    }

    @Test
    void aCookieChangeNeedsTheSessionsCsrfTokenAndAReadDoesNot() {
        Session session = session(Optional.of("user-10"), Optional.of(Role.VIEWER));
        String cookie = SessionCookie.NAME + "=" + TokenIssuer.sessionToken(PROJECT, session);

        assertThat(authenticator.apply(request("GET", cookie, Map.of())).viaCookie()).isTrue();
        assertThatThrownBy(() -> authenticator.apply(request("POST", cookie, Map.of())))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("csrf_token_mismatch"));
        assertThatThrownBy(() -> authenticator.apply(request("DELETE", cookie, Map.of("x-csrf-token", "guess"))))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThat(authenticator.apply(request("PATCH", cookie, Map.of("x-csrf-token", session.csrfToken())))
                .userId()).contains("user-10");
    }

    @Test
    void anEndedSessionsCookieIsCleared() {
        Session session = session(Optional.empty(), Optional.empty());
        String cookie = SessionCookie.NAME + "=" + TokenIssuer.sessionToken(PROJECT, session);
        table.clear();

        assertThatThrownBy(() -> authenticator.apply(request("GET", cookie, Map.of())))
                .isInstanceOfSatisfying(ApiError.class,
                        e -> assertThat(e.headers().get("Set-Cookie")).contains("Max-Age=0"));
    }

    private static HttpRequest request(String method, String cookie, Map<String, String> headers) {
        return HttpRequest.from(APIGatewayV2HTTPEvent.builder()
                .withRawPath("/v1/whoami").withRawQueryString("")
                .withHeaders(new HashMap<>(headers))
                .withCookies(List.of(cookie))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build())
                        .build())
                .build());
    }
}
