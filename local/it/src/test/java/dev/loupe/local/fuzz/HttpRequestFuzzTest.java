package dev.loupe.local.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loupe.core.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event-to-request parser (HttpRequest.from) and what handlers read from it first: headers, cookies, query,
 * the body (base64 or not), its parameters in whatever encoding the content type names, the base URL.
 */
class HttpRequestFuzzTest {
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=b", "text/plain", "", "application/atom+xml", "application/vnd.x+json");

    @FuzzTest(maxDuration = "15s")
    void anyEventParsesOrIsRefused(FuzzedDataProvider data) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(data.pickValue(List.of("GET", "POST", "PUT", "DELETE", data.consumeString(8))));
        http.setPath(data.consumeString(200));
        http.setSourceIp(data.consumeString(40));
        context.setHttp(http);
        context.setDomainName(data.consumeBoolean() ? data.consumeString(60) : null);
        event.setRequestContext(context);
        event.setRawPath(http.getPath());
        event.setRawQueryString(data.consumeString(300));
        event.setRouteKey(data.consumeString(40));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", data.consumeBoolean() ? data.pickValue(CONTENT_TYPES) : data.consumeString(80));
        int more = data.consumeInt(0, 4);
        for (int i = 0; i < more; i++) {
            headers.put(data.consumeString(30), data.consumeString(120));
        }
        event.setHeaders(headers);
        if (data.consumeBoolean()) {
            event.setCookies(List.of(data.consumeString(100), data.consumeString(100)));
        }
        if (data.consumeBoolean()) {
            event.setPathParameters(Map.of("id", data.consumeString(60)));
        }
        boolean base64 = data.consumeBoolean();
        event.setIsBase64Encoded(base64);
        event.setBody(data.consumeRemainingAsString());

        FuzzRules.parse(() -> {
            HttpRequest request = HttpRequest.from(event);
            request.header("authorization");
            request.cookie("loupe_view");
            request.query();
            request.preferredFormat();
            request.baseUrl();
            request.params().asMap();
        });
    }
}
