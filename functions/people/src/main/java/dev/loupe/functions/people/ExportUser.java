package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.Format;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.people.PeopleService;
import dev.loupe.people.PeopleViews;

/** {@code GET /v1/users/{username}/export}: everything Loupe keeps about a user, as JSON, for a data-protection request (the user itself, the backend or an admin). */
public final class ExportUser extends AuthenticatedApiHandler<Caller> {
    private final PeopleService people;

    public ExportUser() {
        this(PeopleWiring.authenticator(), PeopleWiring.people());
    }

    ExportUser(Function<HttpRequest, Caller> authenticator, PeopleService people) {
        super(LoupeApi.INSTANCE, authenticator);
        this.people = people;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, people.export(caller, UserRequests.username(request)), Format.JSON);
    }
}
