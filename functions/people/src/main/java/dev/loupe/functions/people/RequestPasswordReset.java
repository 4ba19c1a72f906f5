package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.people.EmailLinks;

/**
 * {@code POST /v1/password-resets} with {@code username} or {@code email}, and any token of the project: mails a
 * reset link (one hour, once) if such a user exists. Always 202, so it reveals no account.
 */
public final class RequestPasswordReset extends AuthenticatedApiHandler<Caller> {
    @JacksonXmlRootElement(localName = "password_reset")
    record Answer(String status) {
    }

    private final EmailLinks links;

    public RequestPasswordReset() {
        this(PeopleWiring.authenticator(), PeopleWiring.emailLinks());
    }

    RequestPasswordReset(Function<HttpRequest, Caller> authenticator, EmailLinks links) {
        super(LoupeApi.INSTANCE, authenticator);
        this.links = links;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var params = request.params();
        links.requestReset(caller, params.text("username"), params.text("email"), request.baseUrl());
        return family().ok(202, new Answer("if this user exists, a reset link is on its way"),
                request.preferredFormat());
    }
}
