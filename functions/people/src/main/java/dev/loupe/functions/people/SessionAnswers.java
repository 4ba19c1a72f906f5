package dev.loupe.functions.people;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Session;
import dev.loupe.auth.SessionCookie;
import dev.loupe.core.http.ApiFamily;
import dev.loupe.core.http.Format;
import dev.loupe.people.PeopleViews;

/** A session's answer, with the cookie that hands its token to a browser when the answer starts a session. */
final class SessionAnswers {
    private SessionAnswers() {
    }

    static APIGatewayV2HTTPResponse withCookie(ApiFamily family, int status, Session session, String token,
                                               Format format, Clock clock) {
        APIGatewayV2HTTPResponse answer = family.ok(status, PeopleViews.session(session, token), format);
        answer.getHeaders().put("Set-Cookie", SessionCookie.set(token, session.expires(), clock.instant()));
        return answer;
    }

    static APIGatewayV2HTTPResponse without(ApiFamily family, Session session, Format format) {
        return family.ok(200, PeopleViews.session(session, null), format);
    }
}
