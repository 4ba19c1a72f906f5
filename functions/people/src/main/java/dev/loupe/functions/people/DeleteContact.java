package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.people.Contacts;

/** {@code DELETE /v1/me/contacts/{id}}: removes one of the signed-in user's contacts; 204. */
public final class DeleteContact extends AuthenticatedApiHandler<Caller> {
    private final Contacts contacts;

    public DeleteContact() {
        this(PeopleWiring.authenticator(), PeopleWiring.contacts());
    }

    DeleteContact(Function<HttpRequest, Caller> authenticator, Contacts contacts) {
        super(LoupeApi.INSTANCE, authenticator);
        this.contacts = contacts;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        contacts.remove(caller, request.pathParameter("id").orElseThrow());
        return family().noContent();
    }
}
