package dev.loupe.functions.people;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.PublicApiHandler;
import dev.loupe.gallery.page.PublicPages;

/**
 * {@code POST /p/{project}/g/{name}/sign-out}: the gallery page's sign-out form ({@code csrf_token}): ends the cookie's session and answers 303 to the page with a new anonymous session's cookie. Public on purpose (a page's visitor has no token); errors are notice pages.
 */
public final class SignOutFromPage extends PublicApiHandler {
    private final PageSessions sessions;

    public SignOutFromPage() {
        this(PeopleWiring.pageSessions());
    }

    SignOutFromPage(PageSessions sessions) {
        super(PublicPages.PAGE);
        this.sessions = sessions;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        return sessions.signOut(request, request.requiredPathParameter("project"),
                request.requiredPathParameter("name"));
    }
}
