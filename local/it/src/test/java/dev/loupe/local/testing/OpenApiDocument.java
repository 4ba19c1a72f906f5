package dev.loupe.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.template.Template;

/**
 * The OpenAPI document as it is packaged: openapi.json in the jar of the function that serves it (template.yaml's
 * ApiDocumentFunction), read once per JVM. Finds the operation of a request (method and path) the way API Gateway
 * picks a route: literal segments before path parameters.
 */
public final class OpenApiDocument {
    /** The function that serves GET /openapi.json; its jar holds the document. */
    public static final String FUNCTION = "ApiDocumentFunction";

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch");

    private final String text;
    private final JsonNode root;
    private final List<PathTemplate> paths;

    private OpenApiDocument(String text) {
        this.text = text;
        try {
            this.root = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("openapi.json is not JSON", e);
        }
        List<PathTemplate> templates = new ArrayList<>();
        root.path("paths").fieldNames().forEachRemaining(p -> templates.add(PathTemplate.of(p)));
        // The most literal first: /v1/task/next before /v1/task/{task}.
        templates.sort(Comparator.comparingInt(PathTemplate::parameters).thenComparing(PathTemplate::path));
        this.paths = List.copyOf(templates);
    }

    /** The document in the built jar (run mvn package first). */
    public static OpenApiDocument packaged() {
        return Holder.PACKAGED;
    }

    public String text() {
        return text;
    }

    public JsonNode root() {
        return root;
    }

    /** Every operation as API Gateway's route key, {@code GET /v1/galleries/{name}}. */
    public List<String> routeKeys() {
        List<String> keys = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (String method : METHODS) {
                if (path.getValue().has(method)) {
                    keys.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return keys;
    }

    /** The operation that answers {@code method} on {@code path} (no query), if the document describes one. */
    public Optional<Operation> operation(String method, String path) {
        String lower = method.toLowerCase(Locale.ROOT);
        for (PathTemplate template : paths) {
            JsonNode item = root.path("paths").path(template.path());
            if (item.has(lower) && template.matches(path)) {
                return Optional.of(new Operation(template.path(), lower, item.get(lower)));
            }
        }
        return Optional.empty();
    }

    /**
     * The response object of an operation for a status (or its {@code default}), {@code $ref}s followed, with the
     * JSON pointer of where it is in the document.
     */
    public Optional<Located> response(Operation operation, int status) {
        String base = "/paths/" + escape(operation.path()) + "/" + operation.method() + "/responses/";
        JsonNode responses = operation.node().path("responses");
        String key = responses.has(String.valueOf(status)) ? String.valueOf(status)
                : responses.has("default") ? "default" : null;
        if (key == null) {
            return Optional.empty();
        }
        return Optional.of(follow(new Located(base + escape(key), responses.get(key))));
    }

    /** A node with a {@code $ref} to a place in this document, followed to that place. */
    public Located follow(Located located) {
        Located at = located;
        while (at.node().has("$ref")) {
            String ref = at.node().get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("only local $refs are used: " + ref);
            }
            String pointer = ref.substring(1);
            at = new Located(pointer, root.at(pointer));
        }
        return at;
    }

    /** A path segment or key as a JSON pointer token. */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    public record Operation(String path, String method, JsonNode node) {
        public String routeKey() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    /** A node of the document and its JSON pointer. */
    public record Located(String pointer, JsonNode node) {
    }

    private record PathTemplate(String path, Pattern pattern, int parameters) {
        static PathTemplate of(String path) {
            StringBuilder regex = new StringBuilder();
            int parameters = 0;
            for (String segment : path.substring(1).split("/", -1)) {
                regex.append('/');
                if (segment.startsWith("{") && segment.endsWith("+}")) {
                    regex.append(".+");
                    parameters += 100;
                } else if (segment.startsWith("{") && segment.endsWith("}")) {
                    regex.append("[^/]+");
                    parameters++;
                } else {
                    regex.append(Pattern.quote(segment));
                }
            }
            return new PathTemplate(path, Pattern.compile(regex.toString()), parameters);
        }

        boolean matches(String requestPath) {
            return pattern.matcher(requestPath).matches();
        }
    }

    private static final class Holder {
        static final OpenApiDocument PACKAGED = load();

        private static OpenApiDocument load() {
            Path root = LoupeRoot.path();
            String codeUri = Template.load(root).function(FUNCTION)
                    .orElseThrow(() -> new IllegalStateException("template.yaml has no " + FUNCTION)).codeUri();
            try (JarFile jar = new JarFile(root.resolve(codeUri).toFile())) {
                var entry = jar.getJarEntry("openapi.json");
                if (entry == null) {
                    throw new IllegalStateException(codeUri + " holds no openapi.json (run mvn package)");
                }
                return new OpenApiDocument(new String(jar.getInputStream(entry).readAllBytes(),
                        StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + codeUri + " (run mvn package)", e);
            }
        }
    }
}
