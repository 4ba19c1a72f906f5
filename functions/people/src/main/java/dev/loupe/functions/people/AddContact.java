package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.people.Contacts;
import dev.loupe.people.PeopleViews;

/** {@code POST /v1/me/contacts}: adds a user ({@code username}) or an {@code email}, optionally in a {@code group}; 201, 409 {@code contact_exists} for a duplicate. */
public final class AddContact extends AuthenticatedApiHandler<Caller> {
    private final Contacts contacts;

    public AddContact() {
        this(PeopleWiring.authenticator(), PeopleWiring.contacts());
    }

    AddContact(Function<HttpRequest, Caller> authenticator, Contacts contacts) {
        super(LoupeApi.INSTANCE, authenticator);
        this.contacts = contacts;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var p = request.params();
        return family().ok(201, PeopleViews.ContactView.of(contacts.add(caller, p.text("username"), p.text("email"),
                p.text("group"))), request.preferredFormat());
    }
}
