package dev.loupe.local.template;

import static dev.loupe.local.template.Template.list;
import static dev.loupe.local.template.Template.map;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * EventBridge's event patterns, as far as the local cloud matches them: a pattern is an object whose fields are
 * objects (matched against the event's object of that name) or arrays (the event's value, or any element of an
 * array value, must match one of them). An array holds literals (strings, numbers, booleans, null) and the
 * content filters {@code prefix}, {@code suffix}, {@code equals-ignore-case}, {@code exists}, {@code anything-but} and
 * {@code numeric} (on JSON numbers). Other filters ({@code wildcard}, {@code cidr}, {@code $or}) are refused when the
 * template is read, rather than matched wrongly. Lambda's event filtering ({@link FilterCriteria}) uses the same
 * syntax and matching.
 */
public final class EventPattern {
    private static final Set<String> INTRINSICS = Set.of("Ref", "Fn::GetAtt", "Fn::Sub");
    private static final Set<String> FILTERS = Set.of("prefix", "suffix", "equals-ignore-case", "exists",
            "anything-but", "numeric");
    private static final Set<String> COMPARISONS = Set.of("=", "<", "<=", ">", ">=");

    private EventPattern() {
    }

    /** Throws for a pattern the local cloud cannot match as EventBridge would. */
    static void check(Map<String, Object> pattern) {
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("an EventBridgeRule needs a Pattern");
        }
        pattern.forEach((field, value) -> {
            if (field.startsWith("$")) {
                throw unsupported(field);
            }
            if (value instanceof Map<?, ?> && !isIntrinsic(value)) {
                check(map(value));
            } else if (value instanceof List<?> values) {
                values.forEach(EventPattern::checkElement);
            } else {
                throw new IllegalArgumentException("event pattern field " + field
                        + " must be an object or an array, not " + value);
            }
        });
    }

    private static void checkElement(Object element) {
        if (!(element instanceof Map<?, ?>) || isIntrinsic(element)) {
            return;
        }
        Map<String, Object> filter = map(element);
        if (filter.size() != 1 || !FILTERS.contains(filter.keySet().iterator().next())) {
            throw unsupported(String.valueOf(filter.keySet()));
        }
        if (filter.containsKey("numeric")) {
            checkNumeric(filter.get("numeric"));
            return;
        }
        // anything-but takes literals, or one prefix, suffix or equals-ignore-case filter.
        Object excluded = filter.get("anything-but");
        if (excluded instanceof List<?> several) {
            several.forEach(EventPattern::checkElement);
        } else if (excluded instanceof Map<?, ?> inner && (map(inner).containsKey("exists")
                || map(inner).containsKey("anything-but"))) {
            throw unsupported("anything-but " + inner.keySet());
        } else {
            checkElement(excluded);
        }
    }

    /** {@code [op, number]} or a range {@code [">", 0, "<=", 5]}; "=" stands alone. */
    private static void checkNumeric(Object operands) {
        List<Object> list = list(operands);
        boolean valid = list.size() == 2 || list.size() == 4;
        for (int i = 0; valid && i < list.size(); i += 2) {
            valid = list.get(i) instanceof String op && COMPARISONS.contains(op) && list.get(i + 1) instanceof Number
                    && !(list.size() == 4 && op.equals("="));
        }
        if (!valid) {
            throw new IllegalArgumentException("a numeric filter is [operator, number] or [lower operator, number, "
                    + "upper operator, number] with operators =, <, <=, >, >=, not " + operands);
        }
    }

    /** The pattern with its intrinsics ({@code !Ref Bucket}...) replaced by what they resolve to. */
    public static Map<String, Object> resolve(Map<String, Object> pattern, Resolver resolver) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        pattern.forEach((field, value) -> resolved.put(field, resolveValue(value, resolver)));
        return resolved;
    }

    private static Object resolveValue(Object value, Resolver resolver) {
        if (isIntrinsic(value)) {
            return resolver.resolve(value);
        }
        if (value instanceof Map<?, ?>) {
            return resolve(map(value), resolver);
        }
        if (value instanceof List<?> values) {
            List<Object> resolved = new ArrayList<>();
            values.forEach(element -> resolved.add(resolveValue(element, resolver)));
            return resolved;
        }
        return value;
    }

    /** Whether {@code event} matches the (resolved) {@code pattern}. */
    public static boolean matches(Map<String, Object> pattern, JsonNode event) {
        for (Map.Entry<String, Object> field : pattern.entrySet()) {
            JsonNode value = event.path(field.getKey());
            boolean matched = field.getValue() instanceof Map<?, ?>
                    ? matches(map(field.getValue()), value)
                    : matchesField(list(field.getValue()), value);
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesField(List<Object> elements, JsonNode field) {
        List<JsonNode> values = new ArrayList<>();
        if (field.isArray()) {
            field.forEach(values::add);
        } else if (!field.isMissingNode()) {
            values.add(field);
        }
        for (Object element : elements) {
            if (map(element).get("exists") instanceof Boolean exists) {
                if (exists != field.isMissingNode()) {
                    return true;
                }
            } else if (values.stream().anyMatch(value -> matchesValue(element, value))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesValue(Object element, JsonNode value) {
        if (element == null) {
            return value.isNull();
        }
        if (element instanceof String text) {
            return value.isTextual() && value.asText().equals(text);
        }
        if (element instanceof Number number) {
            return value.isNumber() && value.decimalValue().compareTo(new BigDecimal(number.toString())) == 0;
        }
        if (element instanceof Boolean bool) {
            return value.isBoolean() && value.asBoolean() == bool;
        }
        Map<String, Object> filter = map(element);
        if (filter.get("prefix") instanceof String prefix) {
            return value.isTextual() && value.asText().startsWith(prefix);
        }
        if (filter.get("suffix") instanceof String suffix) {
            return value.isTextual() && value.asText().endsWith(suffix);
        }
        if (filter.get("equals-ignore-case") instanceof String text) {
            return value.isTextual() && value.asText().equalsIgnoreCase(text);
        }
        if (filter.containsKey("numeric")) {
            return value.isNumber() && numeric(list(filter.get("numeric")), value.decimalValue());
        }
        if (filter.containsKey("anything-but")) {
            Object excluded = filter.get("anything-but");
            List<Object> excludedValues = excluded instanceof List<?> several ? list(several) : java.util.Collections.singletonList(excluded);
            return excludedValues.stream().noneMatch(one -> matchesValue(one, value));
        }
        throw unsupported(String.valueOf(filter.keySet()));
    }

    private static boolean numeric(List<Object> operands, BigDecimal value) {
        for (int i = 0; i < operands.size(); i += 2) {
            int c = value.compareTo(new BigDecimal(operands.get(i + 1).toString()));
            boolean holds = switch ((String) operands.get(i)) {
                case "=" -> c == 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIntrinsic(Object value) {
        Map<String, Object> m = map(value);
        return m.size() == 1 && INTRINSICS.contains(m.keySet().iterator().next());
    }

    private static IllegalArgumentException unsupported(String filter) {
        return new IllegalArgumentException("event pattern filter " + filter + " is not supported by the local "
                + "cloud (it matches literals, prefix, suffix, equals-ignore-case, exists, anything-but and numeric)");
    }
}
