package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.project.EventPlaceholders;
import dev.loupe.local.testing.SampleFolders;
import dev.loupe.local.testing.SampleLibrary;
import dev.loupe.local.SampleEvents;
import dev.loupe.auth.Project;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import dev.loupe.local.testing.HttpClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Sends every sample event in events/ through its function's handler, in the local cloud, and checks the status and
 * the one body field its {@code .expected.json} names. Events carry placeholders for what can't be written down
 * once: fresh tokens and the local project's public key.
 */
@LoupeCloudTest
class SampleEventsTest {
    private static final ObjectMapper JSON = ProjectClient.JSON;
    private static ProjectClient cloud;

    @BeforeAll
    static void start(ProjectClient shared) throws Exception {
        cloud = shared;
        // The view events look at this gallery.
        var created = HttpClients.send(cloud.baseUri(), "POST", "/v1/galleries", cloud.token(),
                "application/json", "{\"name\":\"sample-gallery\",\"title\":\"Sample\"}", null);
        assertThat(created.statusCode()).isEqualTo(201);
        // The image events look at this image.
        SampleLibrary.seedImage(cloud, SampleLibrary.SAMPLE_IMAGE_ID, "sample.jpg", java.util.Optional.empty());
        SampleLibrary.seedImage(cloud, "sample-doomed", "doomed.jpg", java.util.Optional.empty());
        // Galleries that user-42 (${LOUPE_USER_TOKEN}) owns, for the events that change galleries.
        String user = TokenIssuer.backendToken(cloud.project(), Clock.systemUTC(), "user-42", "Ada Lovelace",
                Role.EDITOR);
        // The public page events look at sample-public, sample-protected (password) and sample-private.
        for (String body : List.of("{\"name\":\"sample-owned\"}", "{\"name\":\"sample-doomed-gallery\"}",
                "{\"name\":\"sample-with-image\",\"image\":[\"" + SampleLibrary.SAMPLE_IMAGE_ID + "\"]}",
                "{\"name\":\"sample-public\",\"title\":\"A sample gallery\",\"image\":[\""
                        + SampleLibrary.SAMPLE_IMAGE_ID + "\"],\"caption\":{\"" + SampleLibrary.SAMPLE_IMAGE_ID
                        + "\":\"A sample caption\"}}",
                "{\"name\":\"sample-protected\",\"security\":\"password\",\"password\":\"open sesame\","
                        + "\"image\":[\"" + SampleLibrary.SAMPLE_IMAGE_ID + "\"]}",
                "{\"name\":\"sample-private\",\"security\":\"private\"}")) {
            var owned = HttpClients.send(cloud.baseUri(), "POST", "/v1/galleries", user, "application/json", body,
                    null);
            assertThat(owned.statusCode()).as(owned.body()).isEqualTo(201);
        }
        // The user events look at sample-person; the delete event deletes sample-doomed-person.
        for (String name : List.of("sample-person", "sample-doomed-person")) {
            String displayName = name.contains("doomed") ? "Doomed" : "Sample Person";
            var registered = HttpClients.send(cloud.baseUri(), "POST", "/v1/users", cloud.token(),
                    "application/json", "{\"username\":\"" + name + "\",\"display_name\":\"" + displayName
                            + "\",\"email\":\"" + name + "@example.com\"}", null);
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        }
        // The folder and export events look at these.
        SampleFolders.seedSampleEvents(cloud);
    }

    @TestFactory
    Stream<DynamicTest> everySampleEventProducesItsExpectedAnswer() throws Exception {
        Path root = LoupeRoot.path();
        List<DynamicTest> tests = new ArrayList<>();
        for (String functionId : cloud.template().functions().keySet()) {
            for (Path event : SampleEvents.of(root, functionId)) {
                tests.add(DynamicTest.dynamicTest(root.relativize(event).toString(),
                        () -> check(functionId, event)));
            }
        }
        return tests.stream();
    }

    private static void check(String functionId, Path eventFile) throws Exception {
        JsonNode expected = JSON.readTree(SampleEvents.expectationOf(eventFile).toFile());
        String event = withPlaceholders(Files.readString(eventFile), cloud.project());

        String raw = cloud.functions().invoke(functionId, event);
        if (expected.has("response_matches")) {
            // A function that is not behind the API (S3, SQS, streams) answers its invoker, not an HTTP client.
            assertThat(raw).as("response of %s", eventFile.getFileName())
                    .containsPattern(expected.path("response_matches").asText());
            return;
        }
        JsonNode response = JSON.readTree(raw);

        if (!expected.has("status")) {
            // Not an HTTP answer (an SQS worker's SQSBatchResponse): the pointer reads the result itself.
            JsonNode node = response.at(expected.path("pointer").asText());
            assertThat(node.isValueNode() ? node.asText() : node.toString())
                    .as("%s in %s", expected.path("pointer"), response).matches(expected.path("matches").asText());
            return;
        }
        assertThat(response.path("statusCode").asInt()).as("status of %s", eventFile.getFileName())
                .isEqualTo(expected.path("status").asInt());
        String body = response.path("body").asText();
        // Headers the answer must carry, each matching its pattern (names without regard to case).
        expected.path("headers").properties().forEach(h -> {
            String actual = null;
            for (var e : response.path("headers").properties()) {
                if (e.getKey().equalsIgnoreCase(h.getKey())) actual = e.getValue().asText();
            }
            assertThat(actual).as("header %s of %s", h.getKey(), eventFile.getFileName()).isNotNull()
                    .matches(h.getValue().asText());
        });
        if (expected.has("body_contains")) {
            // An HTML page: neither JSON nor XML, so a pattern found in the body.
            assertThat(body).as("body of %s", eventFile.getFileName())
                    .containsPattern(expected.path("body_contains").asText());
            return;
        }
        if (!expected.has("xpath") && !expected.has("pointer")) {
            // An answer without a body (204): the status is the whole answer.
            assertThat(body).as("body of %s", eventFile.getFileName()).isEmpty();
            return;
        }
        String actual;
        if (expected.has("xpath")) {
            var document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            actual = XPathFactory.newInstance().newXPath().evaluate(expected.path("xpath").asText(), document);
        } else {
            actual = JSON.readTree(body).at(expected.path("pointer").asText()).asText();
        }
        assertThat(actual).as("%s in %s", expected.has("xpath") ? expected.path("xpath") : expected.path("pointer"),
                body).matches(expected.path("matches").asText());
    }

    static String withPlaceholders(String event, Project project) {
        return EventPlaceholders.fill(event, project, Clock.systemUTC());
    }
}
