package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.Invitations;
import dev.loupe.gallery.page.InvitationViews;

/** {@code GET /v1/galleries/{name}/invitations}: the owner's list of the gallery's invitations, newest first, with their status. */
public final class ListInvitations extends AuthenticatedApiHandler<Caller> {
    private final Invitations invitations;

    public ListInvitations() {
        this(PeopleWiring.authenticator(), PeopleWiring.ownersInvitations());
    }

    ListInvitations(Function<HttpRequest, Caller> authenticator, Invitations invitations) {
        super(LoupeApi.INSTANCE, authenticator);
        this.invitations = invitations;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, InvitationViews.InvitationsView.of(invitations.list(caller,
                CommentRequests.galleryName(request))), request.preferredFormat());
    }
}
