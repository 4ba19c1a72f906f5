package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.page.CommentViews;

/** {@code GET /v1/comment-reports}: reported comments, for a gallery's owner ({@code gallery=<name>}) and the project's admins (all, or one gallery's). */
public final class ListCommentReports extends AuthenticatedApiHandler<Caller> {
    private final CommentService comments;

    public ListCommentReports() {
        this(PeopleWiring.authenticator(), PeopleWiring.comments());
    }

    ListCommentReports(Function<HttpRequest, Caller> authenticator, CommentService comments) {
        super(LoupeApi.INSTANCE, authenticator);
        this.comments = comments;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, CommentViews.ReportsView.of(comments.reports(caller,
                request.params().text("gallery"), request.params().text("cursor"), CommentRequests.limit(request))),
                request.preferredFormat());
    }
}
