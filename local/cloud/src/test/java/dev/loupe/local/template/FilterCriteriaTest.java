package dev.loupe.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Lambda's FilterCriteria as the local cloud applies them: filters ORed, fields ANDed, arrays any-of. */
class FilterCriteriaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode streamRecord(String eventName, String sk) {
        return read("""
                {"eventName":"%s","eventSource":"aws:dynamodb","dynamodb":{
                  "Keys":{"pk":{"S":"P#p#I#1"},"sk":{"S":"%s"}},
                  "NewImage":{"pk":{"S":"P#p#I#1"},"sk":{"S":"%s"},"n":{"N":"3"},"status":{"S":"active"}},
                  "SequenceNumber":"1","StreamViewType":"NEW_AND_OLD_IMAGES"}}""".formatted(eventName, sk, sk));
    }

    private static FilterCriteria filters(boolean stream, String... patterns) {
        return FilterCriteria.parse("F.Stream", Map.of("Filters",
                java.util.Arrays.stream(patterns).map(p -> Map.of("Pattern", p)).toList()), stream);
    }

    @Test
    void theTemplatesStreamFiltersSelectTheirRecordsOnly() {
        // UploadExpiryFunction's and TaskCleanupFunction's shape: both fields must match.
        FilterCriteria expiry = filters(true,
                "{\"eventName\": [\"REMOVE\"], \"dynamodb\": {\"Keys\": {\"sk\": {\"S\": [\"UPLOAD_EXPIRY\"]}}}}");
        assertThat(expiry.matches(streamRecord("REMOVE", "UPLOAD_EXPIRY"))).isTrue();
        assertThat(expiry.matches(streamRecord("INSERT", "UPLOAD_EXPIRY"))).isFalse();
        assertThat(expiry.matches(streamRecord("REMOVE", "IMAGE"))).isFalse();
        // A rank block's ADD: another key, never delivered.
        assertThat(expiry.matches(streamRecord("MODIFY", "2026-11"))).isFalse();

        // NotificationEventsFunction's shape: two filters, either one.
        FilterCriteria notifications = filters(true, "{\"dynamodb\": {\"Keys\": {\"sk\": {\"S\": [\"GALLERY\"]}}}}",
                "{\"eventName\": [\"INSERT\"], \"dynamodb\": {\"Keys\": {\"sk\": {\"S\": [\"COMMENT\"]}}}}");
        assertThat(notifications.matches(streamRecord("MODIFY", "GALLERY"))).isTrue();
        assertThat(notifications.matches(streamRecord("INSERT", "COMMENT"))).isTrue();
        assertThat(notifications.matches(streamRecord("MODIFY", "COMMENT"))).isFalse();
        assertThat(notifications.matches(streamRecord("INSERT", "VIEWS"))).isFalse();
    }

    @Test
    void arraysAreAnyOfExactValuesAndContentFiltersWork() {
        assertThat(filters(true, "{\"eventName\": [\"INSERT\", \"MODIFY\"]}").matches(streamRecord("MODIFY", "x")))
                .isTrue();
        assertThat(filters(true, "{\"eventName\": [\"insert\"]}").matches(streamRecord("INSERT", "x"))).isFalse();
        assertThat(filters(true, "{\"dynamodb\": {\"Keys\": {\"pk\": {\"S\": [{\"prefix\": \"P#p#I#\"}]}}}}")
                .matches(streamRecord("INSERT", "x"))).isTrue();
        assertThat(filters(true, "{\"dynamodb\": {\"Keys\": {\"pk\": {\"S\": [{\"prefix\": \"P#q#\"}]}}}}")
                .matches(streamRecord("INSERT", "x"))).isFalse();
        assertThat(filters(true, "{\"dynamodb\": {\"NewImage\": {\"status\": {\"S\": [{\"exists\": true}]}}}}")
                .matches(streamRecord("INSERT", "x"))).isTrue();
        assertThat(filters(true, "{\"dynamodb\": {\"OldImage\": {\"status\": {\"S\": [{\"exists\": true}]}}}}")
                .matches(streamRecord("INSERT", "x"))).isFalse();
        assertThat(filters(true, "{\"eventName\": [{\"anything-but\": [\"REMOVE\"]}]}")
                .matches(streamRecord("INSERT", "x"))).isTrue();
        assertThat(filters(true, "{\"eventName\": [{\"anything-but\": [\"REMOVE\"]}]}")
                .matches(streamRecord("REMOVE", "x"))).isFalse();
    }

    @Test
    void sqsBodiesAreMatchedParsedWhenJsonAndNumericFiltersCompareNumbers() {
        FilterCriteria big = filters(false, "{\"body\": {\"size\": [{\"numeric\": [\">\", 10, \"<=\", 100]}]}}");
        assertThat(big.matches(read("{\"body\": {\"size\": 11}}"))).isTrue();
        assertThat(big.matches(read("{\"body\": {\"size\": 100}}"))).isTrue();
        assertThat(big.matches(read("{\"body\": {\"size\": 10}}"))).isFalse();
        assertThat(big.matches(read("{\"body\": {\"size\": \"11\"}}"))).isFalse();
        assertThat(big.matches(read("{\"body\": \"size 11\"}"))).isFalse();
        assertThat(filters(false, "{\"body\": [\"ping\"]}").matches(read("{\"body\": \"ping\"}"))).isTrue();
        assertThat(FilterCriteria.NONE.matches(read("{\"body\": \"anything\"}"))).isTrue();
    }

    @Test
    void whatCannotBeMatchedAsLambdaWouldFailsTheTemplate() {
        assertThatThrownBy(() -> filters(true, "{\"dynamodb\": {\"Keys\": {\"pk\": {\"S\": [{\"wildcard\": \"a*\"}]}}}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("F.Stream")
                .hasMessageContaining("wildcard");
        assertThatThrownBy(() -> filters(true, "{\"$or\": [{\"eventName\": [\"INSERT\"]}]}"))
                .hasMessageContaining("$or");
        assertThatThrownBy(() -> filters(true, "{\"dynamodb\": {\"NewImage\": {\"n\": {\"N\": [{\"numeric\": [\">\", 1]}]}}}}"))
                .hasMessageContaining("numeric");
        assertThatThrownBy(() -> filters(false, "{\"body\": {\"n\": [{\"numeric\": [\"~\", 1]}]}}"))
                .hasMessageContaining("numeric");
        assertThatThrownBy(() -> filters(false, "not json")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> FilterCriteria.parse("F.Queue", Map.of("Filters", List.of()), false))
                .hasMessageContaining("needs Filters");
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
