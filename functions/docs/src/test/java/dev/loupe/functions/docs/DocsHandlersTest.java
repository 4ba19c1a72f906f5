package dev.loupe.functions.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.loupe.core.testing.SampleEvent;
import dev.loupe.core.testing.SampleEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** The document and the reference page, as built into target/classes (OpenApiBuild, fetch-swagger-ui.sh). */
class DocsHandlersTest {
    @ParameterizedTest(name = "{0}")
    @SampleEvents("ApiDocumentFunction")
    void theDocumentAsksForNoToken(SampleEvent event) {
        APIGatewayV2HTTPEvent request = event.as(APIGatewayV2HTTPEvent.class, java.util.Map.of());
        assertThat(request.getHeaders()).doesNotContainKey("authorization");
        event.assertAnswered(new ServeOpenApiDocument().handleRequest(request, null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("ApiReferenceFunction")
    void thePageAndItsFilesAskForNoToken(SampleEvent event) {
        APIGatewayV2HTTPEvent request = event.as(APIGatewayV2HTTPEvent.class, java.util.Map.of());
        assertThat(request.getHeaders()).doesNotContainKey("authorization");
        event.assertAnswered(new ServeApiReference().handleRequest(request, null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("BrowserModuleFunction")
    void theBrowserModuleIsPublicForAnyOrigin(SampleEvent event) {
        APIGatewayV2HTTPEvent request = event.as(APIGatewayV2HTTPEvent.class, java.util.Map.of());
        assertThat(request.getHeaders()).doesNotContainKey("authorization");
        event.assertAnswered(new ServeBrowserModule().handleRequest(request, null));
    }

    @Test
    void theBrowserModuleAnswers304ToItsOwnETagAndNeverCredentials() {
        var first = new ServeBrowserModule("export const VERSION = 1;").handleRequest(APIGatewayV2HTTPEvent.builder()
                .withRawPath("/sdk/loupe.js").withHeaders(java.util.Map.of("origin", "https://app.example.com"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withHttp(
                        APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").build()).build())
                .build(), null);
        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(first.getHeaders()).containsEntry("Access-Control-Allow-Origin", "*")
                .containsEntry("Cache-Control", "public, max-age=300")
                .doesNotContainKey("Access-Control-Allow-Credentials");
        String etag = first.getHeaders().get("ETag");
        var again = new ServeBrowserModule("export const VERSION = 1;").handleRequest(APIGatewayV2HTTPEvent.builder()
                .withRawPath("/sdk/loupe.js").withHeaders(java.util.Map.of("if-none-match", etag))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withHttp(
                        APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").build()).build())
                .build(), null);
        assertThat(again.getStatusCode()).isEqualTo(304);
        assertThat(again.getBody()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("RobotsTxtFunction")
    void robotsTxtLetsCrawlersReachThePagesOnlySoThatUnlistedOnesCanSayNoindex(SampleEvent event) {
        APIGatewayV2HTTPEvent request = event.as(APIGatewayV2HTTPEvent.class, java.util.Map.of());
        var answer = new ServeRobotsTxt().handleRequest(request, null);
        event.assertAnswered(answer);
        // Longest match wins: /p/... (every gallery page and player, unlisted ones included) is allowed, the API not.
        assertThat(answer.getBody().lines().map(String::strip).toList())
                .contains("User-agent: *", "Allow: /p/", "Disallow: /").noneMatch(l -> l.startsWith("Disallow: /p"));
    }

    @Test
    void everyFileThePageNamesIsInTheJar() {
        for (String name : DocsWiring.PAGE_FILES.keySet()) {
            assertThat(DocsWiring.pageFile(name)).as(name).get().asString().isNotBlank();
        }
        assertThat(DocsWiring.pageFile("../openapi.json")).isEmpty();
    }
}
