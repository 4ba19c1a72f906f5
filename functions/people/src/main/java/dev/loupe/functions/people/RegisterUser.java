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

/** {@code POST /v1/users}: registers a user of the caller's project (backend or admin; a browser only when the project's self_signup is on). Answers 201 with the account, its user_id never changing. */
public final class RegisterUser extends AuthenticatedApiHandler<Caller> {
    private final PeopleService people;

    public RegisterUser() {
        this(PeopleWiring.authenticator(), PeopleWiring.people());
    }

    RegisterUser(Function<HttpRequest, Caller> authenticator, PeopleService people) {
        super(LoupeApi.INSTANCE, authenticator);
        this.people = people;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(201, PeopleViews.account(people.register(caller, UserRequests.changes(request))), request.preferredFormat());
    }
}
