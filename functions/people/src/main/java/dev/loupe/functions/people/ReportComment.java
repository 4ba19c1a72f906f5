package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.page.CommentViews;

/** {@code POST /v1/comments/{id}/reports}: a signed-in user reports a comment to the gallery's owner and the admins (201 the first time, 200 again); from the page's form, back to the page. */
public final class ReportComment extends AuthenticatedApiHandler<Caller> {
    private final CommentService comments;

    public ReportComment() {
        this(PeopleWiring.authenticator(), PeopleWiring.comments());
    }

    ReportComment(Function<HttpRequest, Caller> authenticator, CommentService comments) {
        super(LoupeApi.INSTANCE, authenticator);
        this.comments = comments;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        String id = CommentRequests.id(request);
        boolean counted = comments.report(caller, id, request.params().first("reason"));
        return request.params().text("gallery")
                .flatMap(gallery -> CommentRequests.backToPage(request, caller.projectId(), gallery, "c-" + id))
                .orElseGet(() -> family().ok(counted ? 201 : 200, new CommentViews.Reported(id, counted),
                        request.preferredFormat()));
    }
}
