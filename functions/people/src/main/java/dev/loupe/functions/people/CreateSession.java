package dev.loupe.functions.people;

import java.time.Clock;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.people.Logins;

/**
 * {@code POST /v1/sessions} with {@code username} (or {@code email}) and {@code password}, and any token of the
 * project: a login. 201 with a new {@code session_id}, its {@code token} (usable as {@code Authorization: Bearer})
 * and the cookie; the caller's previous session, if any, ends. Failed logins are throttled (429 with
 * {@code Retry-After}) and answer the same whether the name exists or not.
 */
public final class CreateSession extends AuthenticatedApiHandler<Caller> {
    private final Logins logins;
    private final Clock clock;

    public CreateSession() {
        this(PeopleWiring.authenticator(), PeopleWiring.logins(), Clock.systemUTC());
    }

    CreateSession(Function<HttpRequest, Caller> authenticator, Logins logins, Clock clock) {
        super(LoupeApi.INSTANCE, authenticator);
        this.logins = logins;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var params = request.params();
        String password = params.first("password")
                .orElseThrow(() -> ApiError.badParameter("password", "password is required"));
        var started = logins.login(caller, request.sourceIp(), params.text("username"), params.text("email"),
                password);
        return SessionAnswers.withCookie(family(), 201, started.session(), started.token(),
                request.preferredFormat(), clock);
    }
}
