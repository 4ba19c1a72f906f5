package dev.loupe.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.Test;

/** What a handler answers when its service refuses, and when something fails that nobody expected. */
class ApiHandlerTest {
    private static APIGatewayV2HTTPEvent request(String accept) {
        return APIGatewayV2HTTPEvent.builder().withRawPath("/gallery_api.php").withRawQueryString("g=x")
                .withHeaders(Map.of("accept", accept))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET")
                                .withPath("/gallery_api.php").build()).build())
                .build();
    }

    private static final class Failing extends PublicApiHandler {
        private final RuntimeException failure;

        Failing(RuntimeException failure) {
            super(GalleryApi.INSTANCE);
            this.failure = failure;
        }

        @Override
        protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
            throw failure;
        }

        @Override
        protected String internalErrorCode() {
            return "io_error";
        }
    }

    @Test
    void anUnexpectedFailureAnswersTheFamilysOwnCodeWithoutItsDetails() {
        var response = new Failing(new IllegalStateException("table secret-table-name is missing"))
                .handleRequest(request("application/xml"), null);

        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getBody()).contains("<error code=\"io_error\">").doesNotContain("secret-table-name");
    }

    @Test
    void aRefusalIsRenderedAsItsOwnStatusAndCode() {
        var response = new Failing(new ApiError(404, "not_exist", "Specified album does not exist", "g"))
                .handleRequest(request("application/json"), null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getBody()).contains("\"code\":\"not_exist\"");
    }
}
