package dev.loupe.functions.docs;

import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.PublicApiHandler;

/**
 * {@code GET /sdk/loupe.js}: the browser module (an ES module, src/main/resources/sdk/loupe.js) that any web page
 * imports from the API. Public on purpose, like the document: it is code, the same for everyone, and a page imports
 * it before it has a token. Any origin may load it ({@code Access-Control-Allow-Origin: *}, without credentials, as
 * a cross-origin module script asks). Its URL carries no version, so caches keep it only five minutes and then
 * revalidate by its ETag.
 */
public final class ServeBrowserModule extends PublicApiHandler {
    private final String module;

    public ServeBrowserModule() {
        this(DocsWiring.browserModule());
    }

    ServeBrowserModule(String module) {
        super(LoupeApi.INSTANCE);
        this.module = module;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        String etag = "\"" + DocsWiring.hash(module) + "\"";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/javascript; charset=utf-8");
        headers.put("Cache-Control", "public, max-age=300");
        headers.put("ETag", etag);
        headers.put("Access-Control-Allow-Origin", "*");
        headers.put("X-Content-Type-Options", "nosniff");
        boolean unchanged = request.header("if-none-match").map(v -> v.contains(etag)).orElse(false);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(unchanged ? 304 : 200).withHeaders(headers)
                .withBody(unchanged ? "" : module).withIsBase64Encoded(false).build();
    }
}
