package dev.loupe.functions.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.CrossOrigin;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.PublicApiHandler;

/**
 * {@code OPTIONS /{proxy+}}: the CORS preflight of every route. The HTTP API has no CORS configuration, because
 * API Gateway would then answer every origin alike; the functions answer instead, each knowing its caller's project
 * ({@link CrossOrigin}). A preflight carries no token, so it can't know the project: it lets an origin send
 * credentials (the session cookie) when some project lists that origin, and any other origin send calls without
 * them ({@code *}). The answer to the call itself then decides, for the caller's own project, whether the browser
 * may read it. Public on purpose: browsers send preflights without credentials.
 */
public final class CorsPreflight extends PublicApiHandler {
    private final Predicate<String> anyProjectListsOrigin;

    public CorsPreflight() {
        this(AuthWiring.listedOrigins());
    }

    CorsPreflight(Predicate<String> anyProjectListsOrigin) {
        super(LoupeApi.INSTANCE);
        this.anyProjectListsOrigin = anyProjectListsOrigin;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        Optional<String> origin = request.header("origin").filter(o -> !o.isBlank());
        Map<String, String> headers = new HashMap<>();
        headers.put("Allow", "OPTIONS, " + CrossOrigin.ALLOWED_METHODS);
        if (origin.isPresent() && request.header("access-control-request-method").isPresent()) {
            if (anyProjectListsOrigin.test(origin.get())) {
                headers.put("Access-Control-Allow-Origin", origin.get());
                headers.put("Access-Control-Allow-Credentials", "true");
            } else {
                headers.put("Access-Control-Allow-Origin", "*");
            }
            headers.put("Access-Control-Allow-Methods", CrossOrigin.ALLOWED_METHODS);
            headers.put("Access-Control-Allow-Headers", CrossOrigin.ALLOWED_HEADERS);
            headers.put("Access-Control-Max-Age", CrossOrigin.PREFLIGHT_MAX_AGE);
            headers.put("Vary", "Origin");
        }
        return APIGatewayV2HTTPResponse.builder().withStatusCode(204).withHeaders(headers).build();
    }
}
