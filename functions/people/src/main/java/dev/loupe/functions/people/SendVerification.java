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
 * {@code POST /v1/users/{username}/verification}: mails the user a link that verifies its email (expires in 24
 * hours, works once). The user itself or a manager asks; 202.
 */
public final class SendVerification extends AuthenticatedApiHandler<Caller> {
    @JacksonXmlRootElement(localName = "verification")
    record Answer(boolean sent) {
    }

    private final EmailLinks links;

    public SendVerification() {
        this(PeopleWiring.authenticator(), PeopleWiring.emailLinks());
    }

    SendVerification(Function<HttpRequest, Caller> authenticator, EmailLinks links) {
        super(LoupeApi.INSTANCE, authenticator);
        this.links = links;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        links.sendVerification(caller, UserRequests.username(request), request.baseUrl());
        return family().ok(202, new Answer(true), request.preferredFormat());
    }
}
