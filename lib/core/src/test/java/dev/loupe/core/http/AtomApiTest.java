package dev.loupe.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Atom surface's content negotiation: it answers only Atom, so an Accept that rules Atom out is a 406. */
class AtomApiTest {
    private static HttpRequest withAccept(String accept) {
        Map<String, String> headers = new HashMap<>();
        if (accept != null) {
            headers.put("accept", accept);
        }
        return HttpRequest.from(APIGatewayV2HTTPEvent.builder().withRawPath("/ws/customers/c/library/folders")
                .withHeaders(headers)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET")
                                .withPath("/ws/customers/c/library/folders").build()).build())
                .build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/atom+xml", "application/atom+xml;q=0.5", "*/*", "application/*",
            "text/html, application/atom+xml", "application/xml", "text/xml", "  ", "application/json, */*;q=0.1"})
    void acceptsWhatAllowsAtom(String accept) {
        assertThatCode(() -> AtomApi.requireAcceptable(withAccept(accept))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/html", "image/png, application/json",
            "application/atom+xml;q=0", "*/*;q=0.0, application/json"})
    void refusesWhatRulesAtomOut(String accept) {
        ApiError error = catchThrowableOfType(ApiError.class, () -> AtomApi.requireAcceptable(withAccept(accept)));
        assertThat(error).as(accept).isNotNull();
        assertThat(error.status()).isEqualTo(406);
        assertThat(error.code()).isEqualTo("not_acceptable");
        assertThat(error.getMessage()).contains("application/atom+xml");
    }

    @org.junit.jupiter.api.Test
    void noAcceptHeaderAcceptsAnything() {
        assertThatCode(() -> AtomApi.requireAcceptable(withAccept(null))).doesNotThrowAnyException();
    }
}
