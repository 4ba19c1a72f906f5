package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.Invitations;
import dev.loupe.gallery.page.InvitationViews;

/** {@code POST /v1/invitations/{token}/accept}: the signed-in invitee accepts; the gallery then opens for its session. */
public final class AcceptInvitation extends AuthenticatedApiHandler<Caller> {
    private final Invitations invitations;

    public AcceptInvitation() {
        this(PeopleWiring.authenticator(), PeopleWiring.invitationAccepts());
    }

    AcceptInvitation(Function<HttpRequest, Caller> authenticator, Invitations invitations) {
        super(LoupeApi.INSTANCE, authenticator);
        this.invitations = invitations;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, InvitationViews.InvitationView.of(invitations.accept(caller,
                request.pathParameter("token").orElseThrow())), request.preferredFormat());
    }
}
