package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.people.PeopleService;

/**
 * {@code POST /v1/users/{username}/password} with {@code password} and {@code old_password} (the project's backend
 * needs no old password): a new password; every session of the user ends at once. 204.
 */
public final class ChangePassword extends AuthenticatedApiHandler<Caller> {
    private final PeopleService people;

    public ChangePassword() {
        this(PeopleWiring.authenticator(), PeopleWiring.people());
    }

    ChangePassword(Function<HttpRequest, Caller> authenticator, PeopleService people) {
        super(LoupeApi.INSTANCE, authenticator);
        this.people = people;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var params = request.params();
        String password = params.first("password")
                .orElseThrow(() -> ApiError.badParameter("password", "password (the new one) is required"));
        people.changePassword(caller, UserRequests.username(request), params.first("old_password"), password);
        return family().noContent();
    }
}
