package dev.loupe.core.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * The task API's testing aid: any of its resources called with {@code debug=true} does nothing and answers the
 * parameters it received. Secrets are shown by their length only, however they are encoded, so that an echo never
 * puts a key or a password into a log or a browser's history.
 */
public final class DebugEcho {
    /** Parameters never echoed back in full; a file's {@code password} too, however the files are encoded. */
    private static final List<String> SECRET = List.of("secret_key", "file_encryption_key", "password");

    @JacksonXmlRootElement(localName = "debug")
    public record Echo(boolean debug, String method, String path, Map<String, Object> params, List<FilePart> files) {
    }

    public record FilePart(String name, String filename, int size) {
    }

    private DebugEcho() {
    }

    /** Whether the request asks for the echo instead of its action. */
    public static boolean requested(HttpRequest request) {
        return request.params().bool("debug").orElse(false);
    }

    public static Echo of(HttpRequest request) {
        Map<String, Object> params = new LinkedHashMap<>();
        request.params().asMap().forEach((name, values) -> {
            List<String> shown = values.stream().map(v -> shown(name, v)).toList();
            params.put(name, shown.size() == 1 ? shown.getFirst() : shown);
        });
        List<FilePart> files = request.mediaType().startsWith("multipart/")
                ? request.parts().stream().filter(Part::isFile)
                .map(p -> new FilePart(p.name(), p.fileName().orElse(null), p.content().length)).toList()
                : List.of();
        return new Echo(true, request.method(), request.path(), params, files);
    }

    /** A parameter as echoed: a secret by its length only, also a {@code password} inside a JSON {@code files} item. */
    private static String shown(String name, String value) {
        if (SECRET.contains(name) || name.endsWith("[password]")) {
            return lengthOnly(value);
        }
        if (value.startsWith("{") && value.contains("password")) {
            try {
                if (Mappers.JSON.readTree(value) instanceof ObjectNode item && item.has("password")) {
                    item.put("password", lengthOnly(item.get("password").asText()));
                    return item.toString();
                }
            } catch (IOException e) {
                return value; // not JSON: an ordinary value
            }
        }
        return value;
    }

    private static String lengthOnly(String value) {
        return "(" + value.length() + " characters)";
    }
}
