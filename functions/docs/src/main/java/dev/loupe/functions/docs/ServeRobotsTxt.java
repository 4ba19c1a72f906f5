package dev.loupe.functions.docs;

import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.PublicApiHandler;

/**
 * {@code GET /robots.txt}: what crawlers may fetch. The gallery pages and players ({@code /p/}) and the API reference
 * may be crawled, nothing else (the API, the admin routes). Unlisted galleries are deliberately not disallowed: their
 * pages carry {@code noindex} (meta and {@code X-Robots-Tag}), which a crawler reads only on a page it may fetch,
 * whereas a disallowed URL can still be listed from links to it. Private galleries answer 404 to everyone but their
 * owner, protected ones a 401 password form: neither shows a crawler anything. The link-preview images
 * ({@code /p/.../og/...}) stay allowed, since some preview crawlers obey robots.txt.
 */
public final class ServeRobotsTxt extends PublicApiHandler {
    static final String ROBOTS_TXT = """
            # Loupe: gallery pages and the API reference may be crawled; unlisted galleries say noindex themselves.
            User-agent: *
            Allow: /p/
            Allow: /docs/api
            Disallow: /
            """;

    public ServeRobotsTxt() {
        super(LoupeApi.INSTANCE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        // The same for everyone and changed only by a deployment.
        headers.put("Cache-Control", "public, max-age=86400");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(headers).withBody(ROBOTS_TXT)
                .withIsBase64Encoded(false).build();
    }
}
