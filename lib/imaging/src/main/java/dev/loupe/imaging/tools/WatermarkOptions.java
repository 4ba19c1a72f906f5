package dev.loupe.imaging.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.Mappers;
import dev.loupe.core.http.Params;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The watermarkimage tool's parameters: the {@code elements} to stamp, parsed from a process request however the
 * task API's client libraries send them: a JSON body's array of objects, or form fields with PHP-style
 * keys ({@code elements[0][type]=text&elements[0][text]=...}). A bad value is a 400 {@code ProcessingError} naming
 * the field as sent, e.g. {@code elements[1][gravity]}.
 */
public record WatermarkOptions(List<WatermarkElement> elements) {
    /** Loupe's limits where the task API sets none: enough for any watermark, small enough to render in time. */
    public static final int MAX_ELEMENTS = 20;
    public static final int MAX_TEXT_LENGTH = 500;
    public static final int MAX_FONT_SIZE = 500;
    public static final int MAX_ADJUSTMENT = 100;

    static final String ERROR_TYPE = "ProcessingError";
    private static final Pattern HEX_COLOR = Pattern.compile("#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})");
    private static final List<String> FIELDS = List.of("type", "text", "image", "gravity", "vertical_adjustment_percent",
            "horizontal_adjustment_percent", "rotation", "font_family", "font_style", "font_size", "font_color",
            "transparency", "mosaic");

    public WatermarkOptions {
        elements = List.copyOf(elements);
    }

    public static WatermarkOptions from(Params params) {
        return parse(params::all);
    }

    /**
     * From the process request's parameters as the tools take them ({@link ToolParams}): {@code elements} as a
     * decoded JSON list of objects (or of JSON strings, or one JSON string), or PHP-style keys with string values.
     */
    public static WatermarkOptions from(Map<String, ?> params) {
        return parse(name -> values(params.get(name)));
    }

    private static List<String> values(Object value) {
        return switch (value) {
            case null -> List.of();
            case String text -> List.of(text);
            case Collection<?> items -> items.stream().map(WatermarkOptions::json).toList();
            // PHP-style arrays some decoders make of elements[0][...]: {"0": {...}, "1": {...}}, in index order.
            case Map<?, ?> indexed -> indexed.entrySet().stream()
                    .sorted(Comparator.comparing(e -> indexOf(e.getKey())))
                    .map(e -> json(e.getValue())).toList();
            default -> List.of(json(value));
        };
    }

    private static long indexOf(Object key) {
        try {
            return Long.parseLong(String.valueOf(key));
        } catch (NumberFormatException e) {
            throw error("elements", "elements must be a list of objects");
        }
    }

    /** A value as text: strings as they are, anything else (maps, lists, numbers) as JSON. */
    private static String json(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof JsonNode node && node.isValueNode()) {
            return node.asText();
        }
        try {
            return Mappers.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw error("elements", "elements must be a list of objects");
        }
    }

    /** params: a request parameter's values by name (the process request's {@link Params#all}). */
    public static WatermarkOptions parse(Function<String, List<String>> params) {
        List<Function<String, Optional<String>>> sources = new ArrayList<>();
        List<String> json = params.apply("elements");
        if (!json.isEmpty()) {
            for (JsonNode node : jsonElements(json)) {
                sources.add(field -> Optional.ofNullable(node.get(field))
                        .filter(value -> !value.isNull())
                        .map(value -> value.isValueNode() ? value.asText() : value.toString()));
            }
        } else {
            for (int i = 0; i <= MAX_ELEMENTS; i++) {
                String prefix = "elements[" + i + "]";
                if (FIELDS.stream().allMatch(f -> params.apply(prefix + "[" + f + "]").isEmpty())) {
                    break;
                }
                sources.add(field -> params.apply(prefix + "[" + field + "]").stream().findFirst());
            }
        }
        if (sources.isEmpty()) {
            throw error("elements", "watermarkimage needs elements: at least one text or image to stamp");
        }
        if (sources.size() > MAX_ELEMENTS) {
            throw error("elements", "at most " + MAX_ELEMENTS + " elements, not " + sources.size());
        }
        List<WatermarkElement> elements = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            elements.add(element(new Fields("elements[" + i + "]", sources.get(i))));
        }
        return new WatermarkOptions(elements);
    }

    /** JSON bodies give one string per array item; a form may also carry the whole array as one JSON string. */
    private static List<JsonNode> jsonElements(List<String> values) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String value : values) {
            JsonNode node;
            try {
                node = Mappers.JSON.readTree(value);
            } catch (JsonProcessingException e) {
                throw error("elements", "elements must be a list of objects");
            }
            if (node != null && node.isArray()) {
                node.forEach(nodes::add);
            } else {
                nodes.add(node);
            }
        }
        for (JsonNode node : nodes) {
            if (node == null || !node.isObject()) {
                throw error("elements", "elements must be a list of objects");
            }
        }
        return nodes;
    }

    private static WatermarkElement element(Fields in) {
        WatermarkElement.Type type = in.text("type").map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "text" -> WatermarkElement.Type.TEXT;
            case "image" -> WatermarkElement.Type.IMAGE;
            default -> throw error(in.name("type"), "type is text or image, not '" + value + "'");
        }).orElse(WatermarkElement.Type.TEXT);
        String text = null;
        String image = null;
        if (type == WatermarkElement.Type.TEXT) {
            text = in.raw("text").filter(value -> !value.isBlank())
                    .orElseThrow(() -> error(in.name("text"), "a text element needs the text to stamp"));
            if (text.codePointCount(0, text.length()) > MAX_TEXT_LENGTH) {
                throw error(in.name("text"), "text is at most " + MAX_TEXT_LENGTH + " characters");
            }
        } else {
            image = in.text("image").orElseThrow(() -> error(in.name("image"),
                    "an image element needs image: the server_filename of an uploaded JPG or PNG"));
        }
        WatermarkGravity gravity = in.text("gravity").map(value -> WatermarkGravity.fromWire(value)
                .orElseThrow(() -> error(in.name("gravity"), "gravity is one of " + WatermarkGravity.wireNames()
                        + ", not '" + value + "'"))).orElse(WatermarkGravity.DEFAULT);
        int vertical = in.integer("vertical_adjustment_percent", -MAX_ADJUSTMENT, MAX_ADJUSTMENT, 0);
        int horizontal = in.integer("horizontal_adjustment_percent", -MAX_ADJUSTMENT, MAX_ADJUSTMENT, 0);
        int rotation = in.integer("rotation", 0, 360, 0);
        WatermarkFont font = in.text("font_family").map(value -> WatermarkFont.fromWire(value)
                .orElseThrow(() -> error(in.name("font_family"), "font_family is one of " + WatermarkFont.wireNames()
                        + ", not '" + value + "'"))).orElse(WatermarkFont.DEFAULT);
        WatermarkStyle style = in.raw("font_style").map(value -> WatermarkStyle.fromWire(value)
                .orElseThrow(() -> error(in.name("font_style"), "font_style is null (regular), Bold or Italic, not '"
                        + value + "'"))).orElse(WatermarkStyle.REGULAR);
        int size = in.integer("font_size", 1, MAX_FONT_SIZE, WatermarkElement.DEFAULT_FONT_SIZE);
        int color = in.text("font_color").map(value -> color(in.name("font_color"), value)).orElse(0x000000);
        int transparency = in.integer("transparency", 1, 100, WatermarkElement.DEFAULT_TRANSPARENCY);
        boolean mosaic = in.text("mosaic").map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw error(in.name("mosaic"), "mosaic is true or false, not '" + value + "'");
        }).orElse(false);
        return new WatermarkElement(type, text, image, gravity, vertical, horizontal, rotation, font, style, size,
                color, transparency, mosaic);
    }

    /** "#RRGGBB", also without the '#', or the short "#RGB". */
    private static int color(String param, String value) {
        var matcher = HEX_COLOR.matcher(value);
        if (!matcher.matches()) {
            throw error(param, "font_color is a hexadecimal colour such as #FF0000, not '" + value + "'");
        }
        String hex = matcher.group(1);
        if (hex.length() == 3) {
            hex = "" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2);
        }
        return Integer.parseInt(hex, 16);
    }

    static ApiError error(String param, String message) {
        return new ApiError(400, ERROR_TYPE, message, param);
    }

    /** One element's fields; name() spells a field as the client sent it, for error messages. */
    private record Fields(String prefix, Function<String, Optional<String>> source) {
        String name(String field) {
            return prefix + "[" + field + "]";
        }

        Optional<String> raw(String field) {
            return source.apply(field);
        }

        /** Trimmed, blank as absent. */
        Optional<String> text(String field) {
            return raw(field).map(String::strip).filter(value -> !value.isEmpty());
        }

        int integer(String field, int min, int max, int otherwise) {
            Optional<String> value = text(field);
            if (value.isEmpty()) {
                return otherwise;
            }
            int number;
            try {
                // JSON clients may send 10.0 for 10; a fraction is refused below.
                double parsed = Double.parseDouble(value.get());
                if (parsed != Math.rint(parsed) || Double.isInfinite(parsed)) {
                    throw new NumberFormatException();
                }
                number = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, parsed));
            } catch (NumberFormatException e) {
                throw error(name(field), field + " must be a whole number, not '" + value.get() + "'");
            }
            if (number < min || number > max) {
                throw error(name(field), field + " must be between " + min + " and " + max + ", not " + number);
            }
            return number;
        }
    }
}
