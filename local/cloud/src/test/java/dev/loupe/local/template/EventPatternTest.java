package dev.loupe.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** EventBridge's pattern matching, the part the local cloud does: fields, literals and content filters. */
class EventPatternTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode EVENT = read("""
            {"source":"aws.s3","detail-type":"Object Created","resources":["arn:aws:s3:::b1","arn:aws:s3:::b2"],
             "detail":{"bucket":{"name":"b1"},"object":{"key":"originals/p/i/a b+c.JPG","size":5},
                       "reason":"PutObject","flag":true,"nothing":null}}""");

    @Test
    void eachFieldMustMatchOneOfItsValues() {
        assertThat(matches(Map.of("source", List.of("aws.s3")))).isTrue();
        assertThat(matches(Map.of("source", List.of("aws.ec2", "aws.s3")))).isTrue();
        assertThat(matches(Map.of("source", List.of("aws.s3"), "detail-type", List.of("Object Deleted")))).isFalse();
        assertThat(matches(Map.of("detail", Map.of("bucket", Map.of("name", List.of("b1")))))).isTrue();
        assertThat(matches(Map.of("detail", Map.of("bucket", Map.of("name", List.of("b2")))))).isFalse();
        assertThat(matches(Map.of("detail", Map.of("missing", Map.of("name", List.of("b1")))))).isFalse();
        // An array in the event matches when any of its elements does.
        assertThat(matches(Map.of("resources", List.of("arn:aws:s3:::b2")))).isTrue();
        assertThat(matches(Map.of("detail", Map.of("object", Map.of("size", List.of(5.0)))))).isTrue();
        assertThat(matches(Map.of("detail", Map.of("object", Map.of("size", List.of("5")))))).isFalse();
        assertThat(matches(Map.of("detail", Map.of("flag", List.of(true))))).isTrue();
        assertThat(matches(Map.of("detail", Map.of("nothing", java.util.Arrays.asList((Object) null))))).isTrue();
    }

    @Test
    void contentFilters() {
        assertThat(key(Map.of("prefix", "originals/"))).isTrue();
        assertThat(key(Map.of("prefix", "thumbnails/"))).isFalse();
        assertThat(key(Map.of("suffix", ".JPG"))).isTrue();
        assertThat(key(Map.of("suffix", ".jpg"))).isFalse();
        assertThat(key(Map.of("equals-ignore-case", "ORIGINALS/P/I/A B+C.jpg"))).isTrue();
        assertThat(key(Map.of("anything-but", "x"))).isTrue();
        assertThat(key(Map.of("anything-but", List.of("originals/p/i/a b+c.JPG")))).isFalse();
        assertThat(key(Map.of("anything-but", Map.of("prefix", "originals/")))).isFalse();
        assertThat(key(Map.of("exists", true))).isTrue();
        assertThat(matches(Map.of("detail", Map.of("version-id", List.of(Map.of("exists", false)))))).isTrue();
        assertThat(matches(Map.of("detail", Map.of("reason", List.of(Map.of("exists", false)))))).isFalse();
    }

    @Test
    void intrinsicsResolveToPhysicalNames() {
        Map<String, Object> pattern = Map.of("detail", Map.of("bucket", Map.of("name",
                List.of(Map.of("Ref", "Bucket")))));
        Map<String, Object> resolved = EventPattern.resolve(pattern, new Resolver(Map.of("Bucket", "b1"), Map.of()));
        assertThat(EventPattern.matches(resolved, EVENT)).isTrue();
        EventPattern.check(pattern); // an intrinsic is a value, not a filter
    }

    @Test
    void whatTheLocalCloudCannotMatchIsRefused() {
        // numeric is matched now (Lambda's filters need it too); a malformed one is refused.
        assertThat(key(Map.of("numeric", List.of(">", 0)))).isFalse(); // the key is a string, not a number
        assertThat(matches(Map.of("detail", Map.of("object", Map.of("size",
                List.of(Map.of("numeric", List.of(">", 0, "<=", 5)))))))).isTrue();
        assertThat(matches(Map.of("detail", Map.of("object", Map.of("size",
                List.of(Map.of("numeric", List.of("<", 5)))))))).isFalse();
        assertThatThrownBy(() -> EventPattern.check(Map.of("detail", Map.of("object", Map.of("size",
                List.of(Map.of("numeric", List.of("=", 0, "<", 5)))))))).hasMessageContaining("numeric");
        assertThatThrownBy(() -> EventPattern.check(Map.of("detail", Map.of("$or", List.of()))))
                .hasMessageContaining("$or");
        assertThatThrownBy(() -> EventPattern.check(Map.of("detail", Map.of("reason", List.of(Map.of("anything-but",
                Map.of("wildcard", "*Object*"))))))).hasMessageContaining("wildcard");
        assertThatThrownBy(() -> EventPattern.check(Map.of("source", "aws.s3"))).hasMessageContaining("array");
        assertThatThrownBy(() -> FunctionDef.EventRule.parse("F", "Rule", Map.of("State", "DISABLED",
                "Pattern", Map.of("source", List.of("aws.s3"))))).hasMessageContaining("DISABLED");
        assertThatThrownBy(() -> FunctionDef.parse("F", Map.of("Events", Map.of("Upload", Map.of("Type", "S3",
                "Properties", Map.of()))), Map.of(), Map.of())).hasMessageContaining("EventBridgeRule");
        assertThatThrownBy(() -> FunctionDef.EventRule.parse("F", "Rule", Map.of("Pattern",
                Map.of("source", List.of("my.app"))))).hasMessageContaining("aws.s3");
        assertThatThrownBy(() -> FunctionDef.EventRule.parse("F", "Rule", Map.of("InputPath", "$.detail",
                "Pattern", Map.of("source", List.of("aws.s3"))))).hasMessageContaining("InputPath");
    }

    private static boolean key(Map<String, Object> filter) {
        return matches(Map.of("detail", Map.of("object", Map.of("key", List.of(filter)))));
    }

    private static boolean matches(Map<String, Object> pattern) {
        EventPattern.check(pattern);
        return EventPattern.matches(pattern, EVENT);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
