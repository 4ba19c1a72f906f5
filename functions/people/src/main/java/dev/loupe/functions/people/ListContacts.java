package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.people.Contacts;
import dev.loupe.people.PeopleViews;

/** {@code GET /v1/me/contacts}: the signed-in user's contacts ({@code group=} one group's) and its groups. */
public final class ListContacts extends AuthenticatedApiHandler<Caller> {
    private final Contacts contacts;

    public ListContacts() {
        this(PeopleWiring.authenticator(), PeopleWiring.contacts());
    }

    ListContacts(Function<HttpRequest, Caller> authenticator, Contacts contacts) {
        super(LoupeApi.INSTANCE, authenticator);
        this.contacts = contacts;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, PeopleViews.ContactsView.of(contacts.list(caller, request.params().text("group"))),
                request.preferredFormat());
    }
}
