package dev.loupe.core.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request's named parameters from wherever a client put them (query string, form body, JSON body's top level,
 * multipart text fields), merged in that order. PHP-style names ({@code image[]=a&image[]=b},
 * {@code files[0][server_filename]=x}) are kept as sent; {@code name[]} is also reachable as {@code name}.
 */
public final class Params {
    private final Map<String, List<String>> values;

    Params(Map<String, List<String>> values) {
        this.values = values;
    }

    public Optional<String> first(String name) {
        List<String> all = all(name);
        return all.isEmpty() ? Optional.empty() : Optional.ofNullable(all.getFirst());
    }

    /** The first non-blank value, trimmed. */
    public Optional<String> text(String name) {
        return first(name).map(String::trim).filter(s -> !s.isEmpty());
    }

    public List<String> all(String name) {
        List<String> direct = values.get(name);
        if (direct != null) {
            return direct;
        }
        return values.getOrDefault(name + "[]", List.of());
    }

    /**
     * Values keyed by a name's PHP-style subscript ({@code caption[abc]=x}), or given as one JSON object under the
     * name ({@code "caption": {"abc": "x"}}): key to value, in the order sent.
     */
    public Map<String, String> keyed(String name) {
        Map<String, String> keyed = new java.util.LinkedHashMap<>();
        String prefix = name + "[";
        values.forEach((key, list) -> {
            if (key.startsWith(prefix) && key.endsWith("]") && key.length() > prefix.length() + 1 && !list.isEmpty()) {
                keyed.put(key.substring(prefix.length(), key.length() - 1), list.getFirst());
            }
        });
        Optional<String> given = first(name).filter(v -> !v.isBlank());
        if (given.isPresent() && !given.get().strip().startsWith("{")) {
            // A plain value where an object of keyed values goes is a wrong type, not something to ignore.
            throw ApiError.badParameter(name, name + " must be a JSON object of strings, or " + name + "[key]=value");
        }
        Optional<String> object = given;
        if (object.isPresent()) {
            try {
                Mappers.JSON.readTree(object.get()).properties()
                        .forEach(e -> keyed.put(e.getKey(), e.getValue().asText()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw ApiError.badParameter(name, name + " must be a JSON object of strings");
            }
        }
        return keyed;
    }

    /** Every parameter as sent, in order (the task API's {@code debug=true} echoes them). */
    public Map<String, List<String>> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /**
     * A list of objects, however the client encoded it: PHP-style form keys ({@code files[0][server_filename]=a&
     * files[0][filename]=b}, in index order) or a JSON array of objects ({@code "files": [{"server_filename": "a"}]}).
     * Values are strings as with every other parameter; nested objects inside an object stay JSON text.
     */
    public List<Map<String, String>> objects(String name) {
        java.util.TreeMap<Integer, Map<String, String>> indexed = new java.util.TreeMap<>();
        String prefix = name + "[";
        for (var entry : values.entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(prefix) || entry.getValue().isEmpty()) {
                continue;
            }
            var matcher = NESTED.matcher(key.substring(name.length()));
            if (matcher.matches()) {
                indexed.computeIfAbsent(Integer.parseInt(matcher.group(1)), i -> new java.util.LinkedHashMap<>())
                        .put(matcher.group(2), entry.getValue().getFirst());
            }
        }
        List<Map<String, String>> result = new java.util.ArrayList<>(indexed.values());
        for (String json : values.getOrDefault(name, List.of())) {
            result.add(jsonObject(name, json));
        }
        return result;
    }

    private static final java.util.regex.Pattern NESTED = java.util.regex.Pattern.compile("\\[(\\d{1,6})]\\[([^\\]]+)]");

    private static Map<String, String> jsonObject(String name, String json) {
        com.fasterxml.jackson.databind.JsonNode node;
        try {
            node = Mappers.JSON.readTree(json);
        } catch (java.io.IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badParameter(name, "Each item of " + name + " must be an object");
        }
        Map<String, String> object = new java.util.LinkedHashMap<>();
        node.properties().forEach(e -> object.put(e.getKey(),
                e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return object;
    }

    /** A yes/no parameter ({@code true}/{@code false}, {@code 1}/{@code 0}, {@code yes}/{@code no}), or a 400. */
    public Optional<Boolean> bool(String name) {
        return text(name).map(value -> switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiError.badParameter(name, name + " is true or false, not '" + value + "'");
        });
    }

    /** An integer parameter within bounds, or a 400 naming it. */
    public Optional<Integer> integer(String name, int min, int max) {
        Optional<String> raw = text(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw ApiError.badParameter(name, name + " must be between " + min + " and " + max);
            }
            return Optional.of(value);
        } catch (NumberFormatException e) {
            throw ApiError.badParameter(name, name + " must be a whole number");
        }
    }
}
