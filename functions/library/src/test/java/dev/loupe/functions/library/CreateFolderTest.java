package dev.loupe.functions.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.testing.NoAws;
import dev.loupe.core.testing.SampleEvent;
import dev.loupe.core.testing.SampleEvents;
import dev.loupe.library.FolderService;
import dev.loupe.library.FolderStore;
import dev.loupe.library.ImageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code POST /v1/folders} (the Loupe API family) with its sample events: the real folder service over a table that
 * holds nothing, and the real verifier over a test project. The name-taken event needs a table that holds the
 * name: SampleEventsTest runs it on the local cloud.
 */
class CreateFolderTest {
    private static final DynamoDbClient EMPTY = NoAws.client(DynamoDbClient.class);

    private final CreateFolder handler = new CreateFolder(TestProject.authenticator(),
            new FolderService(new FolderStore(EMPTY, "images"), new ImageStore(EMPTY, "images"), Clock.systemUTC()));

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "FolderCreateFunction", only = {"created", "bad-name", "viewer-token"})
    void answersEachSampleEventAsExpected(SampleEvent event) {
        event.assertAnswered(handler.handleRequest(event.as(APIGatewayV2HTTPEvent.class,
                TestProject.placeholders()), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "FolderCreateFunction", only = "created")
    void theFrameRefusesAMissingTokenInTheFamilysShape(SampleEvent event) {
        APIGatewayV2HTTPEvent request = event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders());
        Map<String, String> headers = new HashMap<>(request.getHeaders());
        headers.remove("authorization");
        request.setHeaders(headers);

        APIGatewayV2HTTPResponse response = handler.handleRequest(request, null);

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getBody()).contains("\"error\":{").contains("\"code\":\"missing_token\"");
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "FolderCreateFunction", only = "created")
    void theFrameRefusesAForgedToken(SampleEvent event) {
        Map<String, String> forged = new HashMap<>(TestProject.placeholders());
        forged.put("LOUPE_TOKEN", forged.get("LOUPE_FORGED_TOKEN"));

        APIGatewayV2HTTPResponse response = handler.handleRequest(event.as(APIGatewayV2HTTPEvent.class, forged),
                null);

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getBody()).contains("\"code\":\"invalid_signature\"");
    }

    @Test
    void aRefusedCallerNeverReachesTheService() {
        // No service at all: a handler whose frame let the request through would fail with a 500.
        var guarded = new CreateFolder(TestProject.authenticator(), null);
        var request = APIGatewayV2HTTPEvent.builder().withRawPath("/v1/folders")
                .withHeaders(Map.of("authorization", "Bearer not.a.token", "content-type", "application/json"))
                .withBody("{\"name\":\"x\"}")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
                        .build())
                .build();

        assertThat(guarded.handleRequest(request, null).getStatusCode()).isEqualTo(401);
    }
}
