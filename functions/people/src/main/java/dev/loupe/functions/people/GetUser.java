package dev.loupe.functions.people;

import java.util.function.BiFunction;
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
 * project's managers see the account (email, role) too. Another project's username is 404, as a missing one. The
 * profile counts the user's public galleries ({@code public_galleries}) through the galleries' owner index.
 */
public final class GetUser extends AuthenticatedApiHandler<Caller> {
    private final PeopleService people;
    private final BiFunction<String, String, Integer> publicGalleries;

    public GetUser() {
        this(PeopleWiring.authenticator(), PeopleWiring.people(), PeopleWiring.galleries()::publicCount);
    }

    /** @param publicGalleries how many public galleries a user (project id, user id) owns */
    GetUser(Function<HttpRequest, Caller> authenticator, PeopleService people,
            BiFunction<String, String, Integer> publicGalleries) {
        super(LoupeApi.INSTANCE, authenticator);
        this.people = people;
        this.publicGalleries = publicGalleries;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        User user = people.get(caller, UserRequests.username(request));
        boolean own = PeopleAccess.isManager(caller) || caller.userId().filter(user.userId()::equals).isPresent();
        return family().ok(200, own ? PeopleViews.account(user) : PeopleViews.profile(user,
                publicGalleries.apply(caller.projectId(), user.userId())),
                request.preferredFormat());
    }
}
