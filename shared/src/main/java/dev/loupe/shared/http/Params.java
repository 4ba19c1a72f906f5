package dev.loupe.shared.http;

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
        Optional<String> object = first(name).filter(v -> v.strip().startsWith("{"));
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
