package dev.loupe.functions.people;

import java.time.Clock;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.people.Logins;

/**
 * {@code DELETE /v1/sessions/current}: a logout. The session ends at once (its token answers 401 from then on) and a
 * new anonymous session takes its place: 200 with the new session, its token and cookie.
 */
public final class DeleteCurrentSession extends AuthenticatedApiHandler<Caller> {
    private final Logins logins;
    private final Clock clock;
    private final Authenticator authenticator;

    public DeleteCurrentSession() {
        this(PeopleWiring.authenticator(), PeopleWiring.logins(), Clock.systemUTC());
    }

    DeleteCurrentSession(Authenticator authenticator, Logins logins, Clock clock) {
        super(LoupeApi.INSTANCE, authenticator);
        this.authenticator = authenticator;
        this.logins = logins;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var started = logins.logout(caller);
        caller.session().ifPresent(s -> authenticator.forgetSession(caller.projectId(), s.sessionId()));
        return SessionAnswers.withCookie(family(), 200, started.session(), started.token(),
                request.preferredFormat(), clock);
    }
}
