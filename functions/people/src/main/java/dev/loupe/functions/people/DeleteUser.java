package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.people.PeopleService;

/**
 * {@code DELETE /v1/users/{username}?galleries=keep|delete}: deletes a user (the user itself, the project's backend or
 * an admin): its sessions end at once, its profile and its username and email go; its galleries stay ({@code keep},
 * the default) or are deleted first as the gallery API deletes them ({@code delete}); {@code transfer} answers 501.
 * The comments it wrote are deleted (counts kept exact).
 * 204.
 */
public final class DeleteUser extends AuthenticatedApiHandler<Caller> {
    private final PeopleService people;
    private final PeopleService.OwnedGalleries galleries;
    private final PeopleService.AuthoredComments comments;

    public DeleteUser() {
        this(PeopleWiring.authenticator(), PeopleWiring.people(),
                (caller, user) -> PeopleWiring.galleryService().deleteAllOf(caller, user.userId()),
                (caller, user) -> PeopleWiring.comments().deleteAllOf(caller, user.userId()));
    }

    DeleteUser(Function<HttpRequest, Caller> authenticator, PeopleService people) {
        this(authenticator, people, PeopleService.OwnedGalleries.NONE, PeopleService.AuthoredComments.NONE);
    }

    DeleteUser(Function<HttpRequest, Caller> authenticator, PeopleService people,
               PeopleService.OwnedGalleries galleries, PeopleService.AuthoredComments comments) {
        super(LoupeApi.INSTANCE, authenticator);
        this.people = people;
        this.galleries = galleries;
        this.comments = comments;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        people.delete(caller, UserRequests.username(request), request.params().text("galleries").orElse("keep"),
                galleries, comments);
        return family().noContent();
    }
}
