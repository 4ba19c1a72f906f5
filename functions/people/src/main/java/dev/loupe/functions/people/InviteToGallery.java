package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.Invitations;
import dev.loupe.gallery.page.InvitationViews;

/** {@code POST /v1/galleries/{name}/invitations}: the owner invites {@code usernames}, {@code emails} and a contact {@code group} as {@code role} viewer or contributor; each invitee is mailed its link. 201 with the invitations (never their tokens). */
public final class InviteToGallery extends AuthenticatedApiHandler<Caller> {
    private final Invitations invitations;

    public InviteToGallery() {
        this(PeopleWiring.authenticator(), PeopleWiring.invitations());
    }

    InviteToGallery(Function<HttpRequest, Caller> authenticator, Invitations invitations) {
        super(LoupeApi.INSTANCE, authenticator);
        this.invitations = invitations;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var p = request.params();
        return family().ok(201, InvitationViews.InvitationsView.of(invitations.create(caller,
                CommentRequests.galleryName(request), new Invitations.Request(p.all("usernames"), p.all("emails"),
                        p.text("group"), p.text("role")), request.baseUrl())), request.preferredFormat());
    }
}
