package dev.loupe.functions.people;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.PublicApiHandler;
import dev.loupe.gallery.page.PublicPages;

/**
 * {@code POST /p/{project}/g/{name}/sign-in}: the gallery page's sign-in form: {@code username} and {@code password} (and the visitor's session's {@code csrf_token} when it has one). A right password answers 303 to the page with a new logged-in session's cookie; a wrong one 303 to the page with {@code sign_in=failed}. Throttled as {@code POST /v1/sessions}. Public on purpose (a page's visitor has no token); errors are notice pages.
 */
public final class SignInFromPage extends PublicApiHandler {
    private final PageSessions sessions;

    public SignInFromPage() {
        this(PeopleWiring.pageSessions());
    }

    SignInFromPage(PageSessions sessions) {
        super(PublicPages.PAGE);
        this.sessions = sessions;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        return sessions.signIn(request, request.requiredPathParameter("project"),
                request.requiredPathParameter("name"));
    }
}
