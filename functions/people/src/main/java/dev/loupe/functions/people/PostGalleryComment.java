package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.page.CommentViews;

/** {@code POST /v1/galleries/{name}/comments}: a comment or a reply on a gallery, as the gallery's access and comment settings allow; from the page's form, back to the page. */
public final class PostGalleryComment extends AuthenticatedApiHandler<Caller> {
    private final CommentService comments;

    public PostGalleryComment() {
        this(PeopleWiring.authenticator(), PeopleWiring.commentPosting());
    }

    PostGalleryComment(Function<HttpRequest, Caller> authenticator, CommentService comments) {
        super(LoupeApi.INSTANCE, authenticator);
        this.comments = comments;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        String name = CommentRequests.galleryName(request);
        var comment = comments.postOnGallery(caller, name, CommentRequests.visitor(request),
                CommentRequests.newComment(request));
        return CommentRequests.backToPage(request, caller.projectId(), name, "c-" + comment.commentId())
                .orElseGet(() -> family().ok(201, CommentViews.CommentView.of(comment), request.preferredFormat()));
    }
}
