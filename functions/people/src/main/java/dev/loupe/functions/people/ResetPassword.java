package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.people.EmailLinks;

/**
 * {@code POST /v1/password-resets/{token}} with {@code password}, and any token of the project (a browser token is
 * enough): the reset link's new password. 204; the link is used up and every session of the user ends.
 */
public final class ResetPassword extends AuthenticatedApiHandler<Caller> {
    private final EmailLinks links;

    public ResetPassword() {
        this(PeopleWiring.authenticator(), PeopleWiring.emailLinks());
    }

    ResetPassword(Function<HttpRequest, Caller> authenticator, EmailLinks links) {
        super(LoupeApi.INSTANCE, authenticator);
        this.links = links;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        String password = request.params().first("password")
                .orElseThrow(() -> ApiError.badParameter("password", "password (the new one) is required"));
        links.reset(caller, request.pathParameter("token").orElse(""), password);
        return family().noContent();
    }
}
