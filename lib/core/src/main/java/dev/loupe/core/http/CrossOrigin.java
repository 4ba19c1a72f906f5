package dev.loupe.core.http;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * CORS, answered by the functions rather than by the HTTP API, because only a function knows the caller's project and
 * so whether the request's origin is one the project lists. One request's answer: {@code *} without credentials by
 * default, which lets any page read what a Bearer-token call returns (the project's token is the credential); the
 * request's own origin with {@code Access-Control-Allow-Credentials: true} once the verified caller says its project
 * lists that origin ({@link CredentialedOrigins}), so that a listed app may send the session cookie. Errors get the
 * same headers as answers, so a browser app can read why it was refused.
 */
public final class CrossOrigin {
    /** What browsers may send: the token, the body's type and MD5, the session's CSRF token and id. */
    public static final String ALLOWED_HEADERS = "authorization, content-type, accept, content-md5, x-csrf-token, "
            + "x-loupe-session";
    public static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE";
    /** What scripts may read besides the safelisted headers: downloads' names and the rate limit. */
    public static final String EXPOSED_HEADERS = "content-disposition, retry-after, x-ratelimit-limit, "
            + "x-ratelimit-remaining, x-ratelimit-reset";
    /** How long a browser may reuse a preflight's answer (seconds). */
    public static final String PREFLIGHT_MAX_AGE = "600";

    /** The verified caller's side: whether its project lists an origin for credentialed calls. */
    public interface CredentialedOrigins {
        boolean sharesCredentialsWith(String origin);
    }

    private final Optional<String> origin;
    private CredentialedOrigins credentialed;

    private CrossOrigin(Optional<String> origin) {
        this.origin = origin;
    }

    /** The request's {@code Origin}; without one (not a browser's cross-origin call) no CORS header is added. */
    static CrossOrigin of(APIGatewayV2HTTPEvent event) {
        Optional<String> origin = Optional.empty();
        if (event != null && event.getHeaders() != null) {
            for (Map.Entry<String, String> header : event.getHeaders().entrySet()) {
                if (header.getKey() != null && header.getKey().toLowerCase(Locale.ROOT).equals("origin")) {
                    origin = Optional.ofNullable(header.getValue()).filter(v -> !v.isBlank());
                }
            }
        }
        return new CrossOrigin(origin);
    }

    /** Called once the caller is verified: from here on its project's origins decide. */
    void verifiedCaller(Object caller) {
        if (caller instanceof CredentialedOrigins origins) {
            this.credentialed = origins;
        }
    }

    /**
     * The response with this request's CORS headers, unless it carries its own (the preflight function's): the
     * request's origin with credentials when the caller's project lists it, else {@code *}.
     */
    APIGatewayV2HTTPResponse addTo(APIGatewayV2HTTPResponse response) {
        if (origin.isEmpty() || response == null) {
            return response;
        }
        Map<String, String> headers = new HashMap<>(response.getHeaders() == null ? Map.of() : response.getHeaders());
        if (headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("access-control-allow-origin"))) {
            return response;
        }
        if (credentialed != null && credentialed.sharesCredentialsWith(origin.get())) {
            headers.put("Access-Control-Allow-Origin", origin.get());
            headers.put("Access-Control-Allow-Credentials", "true");
        } else {
            headers.put("Access-Control-Allow-Origin", "*");
        }
        // The answer depends on Origin either way: a cache must not serve one origin's answer to another.
        headers.merge("Vary", "Origin", (old, added) -> old + ", " + added);
        headers.put("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        response.setHeaders(headers);
        return response;
    }
}
