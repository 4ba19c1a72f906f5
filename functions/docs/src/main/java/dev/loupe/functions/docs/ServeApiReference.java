package dev.loupe.functions.docs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.PublicApiHandler;

/**
 * {@code GET /docs/api} and {@code GET /docs/api/{file}}: the API reference page, which renders /openapi.json with the
 * pinned renderer (swagger-ui-dist), and the page's files. Public on purpose, like the document. Only the files of
 * {@link DocsWiring#PAGE_FILES} are served; any other name is a 404.
 */
public final class ServeApiReference extends PublicApiHandler {
    private final Function<String, java.util.Optional<String>> files;

    public ServeApiReference() {
        this(DocsWiring::pageFile);
    }

    ServeApiReference(Function<String, java.util.Optional<String>> files) {
        super(LoupeApi.INSTANCE);
        this.files = files;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        String name = request.pathParameter("file").orElse("index.html");
        String body = files.apply(name).orElseThrow(() -> new ApiError(404, "not_found",
                "The API reference page has no file " + name + "; the page is GET /docs/api"));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", DocsWiring.PAGE_FILES.get(name) + "; charset=utf-8");
        headers.put("Cache-Control", "public, max-age=300");
        headers.put("X-Content-Type-Options", "nosniff");
        if (name.equals("index.html")) {
            // The page runs only its own scripts and styles (the renderer adds inline styles and data: images).
            headers.put("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                    + "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
        }
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(headers).withBody(body)
                .withIsBase64Encoded(false).build();
    }
}
