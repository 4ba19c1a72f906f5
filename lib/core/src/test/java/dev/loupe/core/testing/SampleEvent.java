package dev.loupe.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One sample event and what its function must answer ({@code *.expected.json}: {@code status}, {@code headers},
 * {@code pointer} or {@code xpath} with {@code matches}, {@code body_contains}), as local/it's SampleEventsTest reads
 * them on the local cloud; here the handler is called directly, with fake services.
 */
public record SampleEvent(String name, String json, JsonNode expected) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static SampleEvent read(Path file) {
        try {
            Path expectation = file.resolveSibling(file.getFileName().toString()
                    .replaceAll("\\.json$", ".expected.json"));
            return new SampleEvent(file.getFileName().toString(), Files.readString(file),
                    JSON.readTree(expectation.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event as {@code type}, read as the Lambda runtime reads it, with each {@code ${NAME}} filled in. */
    public <T> T as(Class<T> type, Map<String, String> placeholders) {
        String filled = json;
        for (var entry : placeholders.entrySet()) {
            filled = filled.replace("${" + entry.getKey() + "}", entry.getValue());
        }
        return LambdaEventSerializers.serializerFor(type, SampleEvent.class.getClassLoader()).fromJson(filled);
    }

    public int expectedStatus() {
        return expected.path("status").asInt();
    }

    /** Asserts that {@code response} is what the expectation says, as SampleEventsTest does on the local cloud. */
    public void assertAnswered(APIGatewayV2HTTPResponse response) {
        assertThat(response.getStatusCode()).as("status of %s: %s", name, response.getBody())
                .isEqualTo(expectedStatus());
        expected.path("headers").properties().forEach(h -> {
            String actual = null;
            for (var e : response.getHeaders().entrySet()) {
                if (e.getKey().equalsIgnoreCase(h.getKey())) actual = e.getValue();
            }
            assertThat(actual).as("header %s of %s", h.getKey(), name).isNotNull().matches(h.getValue().asText());
        });
        String body = response.getBody() == null ? "" : response.getBody();
        if (expected.has("body_contains")) {
            assertThat(body).as("body of %s", name).containsPattern(expected.path("body_contains").asText());
            return;
        }
        if (!expected.has("xpath") && !expected.has("pointer")) {
            assertThat(body).as("body of %s", name).isEmpty();
            return;
        }
        String actual;
        try {
            if (expected.has("xpath")) {
                var document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
                actual = XPathFactory.newInstance().newXPath().evaluate(expected.path("xpath").asText(), document);
            } else {
                actual = JSON.readTree(body).at(expected.path("pointer").asText()).asText();
            }
        } catch (Exception e) {
            throw new AssertionError("the body of " + name + " does not parse: " + body, e);
        }
        assertThat(actual).as("%s in %s", expected.has("xpath") ? expected.path("xpath") : expected.path("pointer"),
                body).matches(expected.path("matches").asText());
    }

    @Override
    public String toString() {
        return name;
    }
}
