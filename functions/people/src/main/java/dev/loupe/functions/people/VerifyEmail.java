package dev.loupe.functions.people;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.core.Ids;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.PublicApiHandler;
import dev.loupe.people.EmailLinks;
import dev.loupe.people.User;

/**
 * {@code GET /v1/email-verifications/{token}?project=}: the link in a verification mail. Public on purpose: it is
 * opened from a mail client, with no token; the one-time token is the credential, and it is bound to its project.
 */
public final class VerifyEmail extends PublicApiHandler {
    @JacksonXmlRootElement(localName = "verification")
    record Answer(String username, String email, boolean emailVerified) {
    }

    private final EmailLinks links;

    public VerifyEmail() {
        this(PeopleWiring.emailLinks());
    }

    VerifyEmail(EmailLinks links) {
        super(LoupeApi.INSTANCE);
        this.links = links;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        String project = request.params().text("project").filter(Ids::plausible)
                .orElseThrow(() -> ApiError.badParameter("project", "project (the link's) is required"));
        User user = links.verify(project, request.pathParameter("token").orElse(""));
        return family().ok(200, new Answer(user.username(), user.email(), user.emailVerified()),
                request.preferredFormat());
    }
}
