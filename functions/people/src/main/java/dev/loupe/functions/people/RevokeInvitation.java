package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.Invitations;

/** {@code DELETE /v1/invitations/{id}}: the gallery's owner revokes an invitation; the invitee loses the gallery at once. 204. */
public final class RevokeInvitation extends AuthenticatedApiHandler<Caller> {
    private final Invitations invitations;

    public RevokeInvitation() {
        this(PeopleWiring.authenticator(), PeopleWiring.ownersInvitations());
    }

    RevokeInvitation(Function<HttpRequest, Caller> authenticator, Invitations invitations) {
        super(LoupeApi.INSTANCE, authenticator);
        this.invitations = invitations;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        invitations.revoke(caller, request.pathParameter("id").orElseThrow());
        return family().noContent();
    }
}
