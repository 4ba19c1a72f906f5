package dev.loupe.local.template;

import static dev.loupe.local.template.Template.list;
import static dev.loupe.local.template.Template.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An event source mapping's {@code FilterCriteria}, applied as Lambda applies it: a record reaches the function when it
 * matches any of the filters' patterns (the filters are ORed; within a pattern every field must match; an array is any
 * of its values), matched with EventBridge's pattern syntax ({@link EventPattern}) against the record as Lambda sees
 * it: for a DynamoDB stream the event record ({@code eventName}, {@code dynamodb.Keys}, {@code NewImage},
 * {@code OldImage} in attribute-value form), for SQS the record with its {@code body} parsed when it is JSON. Records
 * that match no filter are dropped before the function (an SQS message is deleted), as on Lambda.
 *
 * <p>A pattern the local cloud cannot match as Lambda would ({@code wildcard}, {@code cidr}, {@code $or}, a
 * {@code numeric} filter on a stream's attribute values, which DynamoDB writes as strings) fails the template's
 * reading, so the cloud does not start rather than deliver the wrong records.
 *
 * @param patterns the parsed patterns; none means every record passes (no {@code FilterCriteria})
 */
public record FilterCriteria(List<Map<String, Object>> patterns) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every record passes. */
    public static final FilterCriteria NONE = new FilterCriteria(List.of());

    public FilterCriteria {
        patterns = List.copyOf(patterns);
    }

    /**
     * @param where     the function and event, for messages
     * @param criteria  the event's {@code FilterCriteria} property (null: none)
     * @param stream    a DynamoDB stream's (else SQS's)
     */
    static FilterCriteria parse(String where, Object criteria, boolean stream) {
        if (criteria == null) {
            return NONE;
        }
        List<Object> filters = list(map(criteria).get("Filters"));
        if (filters.isEmpty()) {
            throw new IllegalArgumentException(where + ": FilterCriteria needs Filters, each with a Pattern");
        }
        if (filters.size() > 10) {
            throw new IllegalArgumentException(where + ": Lambda allows at most 10 filters, not " + filters.size());
        }
        List<Map<String, Object>> patterns = new ArrayList<>();
        for (Object filter : filters) {
            if (!(map(filter).get("Pattern") instanceof String text)) {
                throw new IllegalArgumentException(where + ": a filter's Pattern must be a JSON string, not "
                        + map(filter).get("Pattern"));
            }
            Map<String, Object> pattern;
            try {
                pattern = JSON.readValue(text, new TypeReference<>() {
                });
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(where + ": a filter's Pattern is not a JSON object: " + text, e);
            }
            if (pattern == null || pattern.isEmpty()) {
                throw new IllegalArgumentException(where + ": a filter's Pattern is empty");
            }
            try {
                EventPattern.check(pattern);
                if (stream && mentions(pattern, "numeric")) {
                    throw new IllegalArgumentException("numeric filters on a DynamoDB stream's attribute values "
                            + "(strings in the record) are not emulated by the local cloud");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": FilterCriteria pattern " + text + ": " + e.getMessage(),
                        e);
            }
            patterns.add(pattern);
        }
        return new FilterCriteria(patterns);
    }

    /** Whether the record (as Lambda filters it) reaches the function. */
    public boolean matches(JsonNode record) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (Map<String, Object> pattern : patterns) {
            if (EventPattern.matches(pattern, record)) {
                return true;
            }
        }
        return false;
    }

    public boolean filters() {
        return !patterns.isEmpty();
    }

    private static boolean mentions(Object pattern, String filter) {
        if (pattern instanceof Map<?, ?> m) {
            return m.containsKey(filter) || m.values().stream().anyMatch(v -> mentions(v, filter));
        }
        if (pattern instanceof List<?> l) {
            return l.stream().anyMatch(v -> mentions(v, filter));
        }
        return false;
    }
}
