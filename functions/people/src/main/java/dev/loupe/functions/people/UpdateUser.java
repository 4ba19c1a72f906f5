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

/** {@code PATCH /v1/users/{username}}: changes a profile (the user itself, the project's backend or an admin; a role only the backend or an admin). */
public final class UpdateUser extends AuthenticatedApiHandler<Caller> {
    private final PeopleService people;

    public UpdateUser() {
        this(PeopleWiring.authenticator(), PeopleWiring.people());
    }

    UpdateUser(Function<HttpRequest, Caller> authenticator, PeopleService people) {
        super(LoupeApi.INSTANCE, authenticator);
        this.people = people;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, PeopleViews.account(people.update(caller, UserRequests.username(request), UserRequests.changes(request))), request.preferredFormat());
    }
}
