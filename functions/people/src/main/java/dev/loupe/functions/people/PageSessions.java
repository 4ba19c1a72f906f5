package dev.loupe.functions.people;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.auth.Project;
import dev.loupe.auth.SessionCookie;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.gallery.page.GalleryView;
import dev.loupe.gallery.page.PublicPages;
import dev.loupe.people.Logins;

/**
 * The gallery page's sign-in and sign-out forms, free of handler plumbing: each answers 303 back to the page
 * (POST-redirect-GET, so the forms work without JavaScript) with the new session's cookie. A failed sign-in comes
 * back to the page with {@code sign_in=failed} (or {@code throttled}), which the page shows beside the form.
 *
 * <p>Login CSRF: a visitor with a session cookie of the project is verified by the {@code Authenticator} as the API
 * does, so the form must carry that session's {@code csrf_token} (the page puts it there). A visitor with no cookie
 * has no session to hold a token: the form is accepted only from the page's own origin ({@code Sec-Fetch-Site}, or
 * {@code Origin} where a browser sends no {@code Sec-Fetch-Site}), so another site can't sign a browser into an
 * account of its choosing.
 */
final class PageSessions {
    private final Function<HttpRequest, Caller> authenticator;
    private final Function<String, Optional<Project>> projects;
    private final Logins logins;
    private final Clock clock;

    PageSessions(Function<HttpRequest, Caller> authenticator, Function<String, Optional<Project>> projects,
                 Logins logins, Clock clock) {
        this.authenticator = authenticator;
        this.projects = projects;
        this.logins = logins;
        this.clock = clock;
    }

    APIGatewayV2HTTPResponse signIn(HttpRequest request, String projectId, String name) {
        Caller caller = visitor(request, projectId);
        var p = request.params();
        String back = page(request, projectId, name);
        try {
            var started = logins.login(caller, request.sourceIp(), p.text("username"), Optional.empty(),
                    p.first("password").orElse(""));
            return withCookie(PublicPages.PAGE.seeOther(back), started);
        } catch (ApiError refused) {
            if (refused.status() == 401 || refused.status() == 400 || refused.status() == 403) {
                return PublicPages.PAGE.seeOther(with(back, "sign_in=failed") + "#sign-in");
            }
            if (refused.status() == 429) {
                return PublicPages.PAGE.seeOther(with(back, "sign_in=throttled") + "#sign-in");
            }
            throw refused;
        }
    }

    APIGatewayV2HTTPResponse signOut(HttpRequest request, String projectId, String name) {
        if (request.cookie(SessionCookie.NAME).filter(c -> !c.isBlank()).isEmpty()) {
            return PublicPages.PAGE.seeOther(page(request, projectId, name));
        }
        Caller caller = ofProject(authenticator.apply(request), projectId);
        return withCookie(PublicPages.PAGE.seeOther(page(request, projectId, name)), logins.logout(caller));
    }

    /** The cookie's session (its CSRF token checked), or a browser caller of the path's project from its own page. */
    private Caller visitor(HttpRequest request, String projectId) {
        if (request.cookie(SessionCookie.NAME).filter(c -> !c.isBlank()).isPresent()) {
            return ofProject(authenticator.apply(request), projectId);
        }
        sameOrigin(request);
        Project project = projects.apply(projectId).orElseThrow(() -> new ApiError(404, "not_exist",
                "There is no gallery at this address"));
        return new Caller(project, true, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static Caller ofProject(Caller caller, String projectId) {
        if (!caller.projectId().equals(projectId)) {
            throw new ApiError(404, "not_exist", "There is no gallery at this address");
        }
        return caller;
    }

    /**
     * A form from the page's own origin. {@code Sec-Fetch-Site} decides where the browser sends it (every current
     * browser does, whatever the referrer policy); else {@code Origin}, which the pages' {@code no-referrer} policy
     * turns into {@code null} in some browsers, so {@code null} alone is refused. A client that sends neither (curl) is
     * no browser a cross-site form could drive.
     */
    private static void sameOrigin(HttpRequest request) {
        String own = request.baseUrl();
        Optional<String> site = request.header("sec-fetch-site");
        boolean refused = site.isPresent() ? !site.get().equals("same-origin")
                : request.header("origin").map(o -> !o.equals(own)).orElse(false);
        if (refused) {
            throw new ApiError(403, "cross_site_form", "This form is accepted from its own page only");
        }
    }

    private APIGatewayV2HTTPResponse withCookie(APIGatewayV2HTTPResponse answer, Logins.Started started) {
        answer.getHeaders().put("Set-Cookie", SessionCookie.set(started.token(), started.session().expires(),
                clock.instant()));
        return answer;
    }

    /** The page, with the view token the form carried (a protected gallery's visitor returns to what they saw). */
    private static String page(HttpRequest request, String projectId, String name) {
        return GalleryView.withViewToken(GalleryView.pageUrl(request.baseUrl(), projectId, name),
                request.params().text("vt").filter(t -> t.length() <= 2_048));
    }

    private static String with(String url, String query) {
        return url + (url.contains("?") ? "&" : "?") + query;
    }
}
