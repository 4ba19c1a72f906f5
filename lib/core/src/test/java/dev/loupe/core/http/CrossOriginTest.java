package dev.loupe.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.Test;

/** The frame's CORS headers: the verified caller's project decides credentials, on answers and errors alike. */
class CrossOriginTest {
    private static final String LISTED = "https://app.example.test";

    /** A caller whose project lists {@link #LISTED}. */
    private record ListingCaller() implements CrossOrigin.CredentialedOrigins {
        @Override
        public boolean sharesCredentialsWith(String origin) {
            return origin.equals(LISTED);
        }
    }

    private static final class Echo extends AuthenticatedApiHandler<ListingCaller> {
        private final boolean refuse;

        Echo(Function<HttpRequest, ListingCaller> authenticator, boolean refuse) {
            super(LoupeApi.INSTANCE, authenticator);
            this.refuse = refuse;
        }

        @Override
        protected APIGatewayV2HTTPResponse handle(HttpRequest request, ListingCaller caller) {
            if (refuse) {
                throw new ApiError(403, "forbidden", "no");
            }
            return family().ok(200, Map.of("ok", true), Format.JSON);
        }
    }

    private static APIGatewayV2HTTPEvent request(Map<String, String> headers) {
        return APIGatewayV2HTTPEvent.builder().withRawPath("/v1/whoami").withHeaders(headers)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET")
                                .withPath("/v1/whoami").build()).build())
                .build();
    }

    @Test
    void theCallersListedOriginGetsCredentialsOnAnswersAndRefusalsOthersTheWildcard() {
        var ok = new Echo(r -> new ListingCaller(), false).handleRequest(request(Map.of("Origin", LISTED)), null);
        assertThat(ok.getHeaders()).containsEntry("Access-Control-Allow-Origin", LISTED)
                .containsEntry("Access-Control-Allow-Credentials", "true").containsEntry("Vary", "Origin");
        var refused = new Echo(r -> new ListingCaller(), true).handleRequest(request(Map.of("origin", LISTED)), null);
        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(refused.getHeaders()).containsEntry("Access-Control-Allow-Origin", LISTED)
                .containsEntry("Access-Control-Allow-Credentials", "true");

        var other = new Echo(r -> new ListingCaller(), false)
                .handleRequest(request(Map.of("origin", "https://evil.example.test")), null);
        assertThat(other.getHeaders()).containsEntry("Access-Control-Allow-Origin", "*")
                .doesNotContainKey("Access-Control-Allow-Credentials");
    }

    @Test
    void anUnverifiedCallerGetsTheWildcardAndNoOriginGetsNoHeaders() {
        var unverified = new Echo(r -> {
            throw ApiError.unauthorized("invalid_token", "no");
        }, false).handleRequest(request(Map.of("origin", LISTED)), null);
        assertThat(unverified.getStatusCode()).isEqualTo(401);
        assertThat(unverified.getHeaders()).containsEntry("Access-Control-Allow-Origin", "*")
                .doesNotContainKey("Access-Control-Allow-Credentials");

        var sameOrigin = new Echo(r -> new ListingCaller(), false).handleRequest(request(Map.of()), null);
        assertThat(sameOrigin.getHeaders()).doesNotContainKey("Access-Control-Allow-Origin");
    }
}
