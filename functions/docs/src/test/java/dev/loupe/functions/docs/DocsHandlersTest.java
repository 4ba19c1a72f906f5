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
