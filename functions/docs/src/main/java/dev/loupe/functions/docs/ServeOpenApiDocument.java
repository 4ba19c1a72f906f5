package dev.loupe.functions.docs;

import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.PublicApiHandler;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 document of every route. Public on purpose: it describes the API, holds
 * no project's data, and tools (code generators, the reference page) fetch it before they have a token.
 */
public final class ServeOpenApiDocument extends PublicApiHandler {
    private final String document;

    public ServeOpenApiDocument() {
        this(DocsWiring.document());
    }

    ServeOpenApiDocument(String document) {
        super(LoupeApi.INSTANCE);
        this.document = document;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        // The same for every caller and changed only by a deployment: caches may keep it a while.
        headers.put("Cache-Control", "public, max-age=300");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(headers).withBody(document)
                .withIsBase64Encoded(false).build();
    }
}
