package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.people.PeopleAccess;
import dev.loupe.people.PeopleService;
import dev.loupe.people.PeopleViews;
import dev.loupe.people.User;

/**
 * {@code GET /v1/users/{username}}: a user's public profile, for any caller of the project; the user itself and the
 * project's managers see the account (email, role) too. Another project's username is 404, as a missing one.
 */
public final class GetUser extends AuthenticatedApiHandler<Caller> {
    private final PeopleService people;

    public GetUser() {
        this(PeopleWiring.authenticator(), PeopleWiring.people());
    }

    GetUser(Function<HttpRequest, Caller> authenticator, PeopleService people) {
        super(LoupeApi.INSTANCE, authenticator);
        this.people = people;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        User user = people.get(caller, UserRequests.username(request));
        boolean own = PeopleAccess.isManager(caller) || caller.userId().filter(user.userId()::equals).isPresent();
        return family().ok(200, own ? PeopleViews.account(user) : PeopleViews.profile(user),
                request.preferredFormat());
    }
}
