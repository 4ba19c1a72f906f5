package dev.loupe.functions.people;

import java.time.Clock;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.people.Logins;

/**
 * {@code GET /v1/sessions/current}: the imageloop-style API's {@code getSessionId}. With a session (its cookie or its
 * token) it answers that session, the same id every time. Without one, but with any token of the project (a
 * browser token is enough), it starts an anonymous session: 201, its token, and the cookie; a client that keeps no
 * cookies sends the id back as {@code session_id} (or {@code X-Loupe-Session}) and gets the same session again.
 */
public final class GetCurrentSession extends AuthenticatedApiHandler<Caller> {
    private final Logins logins;
    private final Clock clock;

    public GetCurrentSession() {
        this(PeopleWiring.authenticator(), PeopleWiring.logins(), Clock.systemUTC());
    }

    GetCurrentSession(Function<HttpRequest, Caller> authenticator, Logins logins, Clock clock) {
        super(LoupeApi.INSTANCE, authenticator);
        this.logins = logins;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var sessionId = request.header("x-loupe-session").or(() -> request.params().text("session_id"));
        var started = logins.current(caller, sessionId);
        if (started.isEmpty()) {
            return SessionAnswers.without(family(), caller.session().orElseThrow(), request.preferredFormat());
        }
        int status = sessionId.isPresent() ? 200 : 201;
        return SessionAnswers.withCookie(family(), status, started.get().session(), started.get().token(),
                request.preferredFormat(), clock);
    }
}
