package dev.loupe.functions.people;

import java.util.Locale;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.people.PeopleService;

/**
 * {@code GET /v1/whoami}: what the caller's credential says, for a client checking its setup (the imageloop-style
 * API's test functions): the project, the kind of token, the user (and whether it is registered), the role, the
 * session, the token's expiry.
 */
public final class WhoAmI extends AuthenticatedApiHandler<Caller> {
    @JacksonXmlRootElement(localName = "whoami")
    record Answer(String projectId, String projectName, String tokenKind, String userId, String username,
                  boolean registered, String role, String sessionId, boolean viaCookie, String expires) {
    }

    private final PeopleService people;

    public WhoAmI() {
        this(PeopleWiring.authenticator(), PeopleWiring.people());
    }

    WhoAmI(Function<HttpRequest, Caller> authenticator, PeopleService people) {
        super(LoupeApi.INSTANCE, authenticator);
        this.people = people;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var user = people.self(caller);
        String username = user.map(u -> u.username()).orElse(caller.userName().orElse(null));
        String expires = caller.expires().map(Object::toString).orElse(null);
        return family().ok(200, new Answer(caller.projectId(), caller.project().name(), caller.tokenKind(),
                caller.userId().orElse(null), username, user.isPresent(),
                caller.role().map(r -> r.name().toLowerCase(Locale.ROOT)).orElse(null),
                caller.session().map(s -> s.sessionId()).orElse(null), caller.viaCookie(), expires),
                request.preferredFormat());
    }
}
