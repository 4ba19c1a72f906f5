package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.Format;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.people.PeopleService;
import dev.loupe.people.PeopleViews;

/** {@code GET /v1/users/{username}/export}: everything Loupe keeps about a user, as JSON, for a data-protection request (the user itself, the backend or an admin), with the comments it wrote. */
public final class ExportUser extends AuthenticatedApiHandler<Caller> {
    private final PeopleService people;
    private final PeopleService.CommentsExport comments;

    public ExportUser() {
        this(PeopleWiring.authenticator(), PeopleWiring.people(),
                (caller, user) -> PeopleWiring.comments().exportOf(caller, user.userId()));
    }

    ExportUser(Function<HttpRequest, Caller> authenticator, PeopleService people,
               PeopleService.CommentsExport comments) {
        super(LoupeApi.INSTANCE, authenticator);
        this.people = people;
        this.comments = comments;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, people.export(caller, UserRequests.username(request), comments), Format.JSON);
    }
}
