package dev.loupe.functions.docs;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Build time only (functions/docs/pom.xml, process-classes): joins the OpenAPI document's YAML files into the one
 * openapi.json that {@link ServeOpenApiDocument} serves. {@code openapi.yaml} is the root (info, servers, security
 * schemes, the shared components); every other {@code *.yaml} is one API area and adds its {@code tags},
 * {@code paths} and {@code components}. A path, a component or a tag defined twice stops the build: each has one home.
 */
public final class OpenApiBuild {
    private static final String ROOT = "openapi.yaml";

    private OpenApiBuild() {
    }

    public static void main(String[] args) throws IOException {
        Path sources = Path.of(args[0]);
        Path target = Path.of(args[1]);
        Files.createDirectories(target.getParent());
        new ObjectMapper().writeValue(target.toFile(), join(sources));
    }

    /** The joined document of the YAML files in {@code sources}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> join(Path sources) throws IOException {
        Map<String, Object> document = read(sources.resolve(ROOT));
        List<Path> areas;
        try (Stream<Path> files = Files.list(sources)) {
            areas = files.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals(ROOT)).sorted().toList();
        }
        for (Path area : areas) {
            Map<String, Object> part = read(area);
            for (String key : part.keySet()) {
                if (!List.of("tags", "paths", "components").contains(key)) {
                    throw new IllegalArgumentException(area + ": an area file holds only tags, paths and components, "
                            + "not " + key);
                }
            }
            List<Object> tags = (List<Object>) document.computeIfAbsent("tags", k -> new ArrayList<>());
            for (Object tag : (List<Object>) part.getOrDefault("tags", List.of())) {
                Object name = ((Map<String, Object>) tag).get("name");
                if (tags.stream().anyMatch(t -> name.equals(((Map<String, Object>) t).get("name")))) {
                    throw new IllegalArgumentException(area + ": tag " + name + " is defined twice");
                }
                tags.add(tag);
            }
            addAll(area, "paths", (Map<String, Object>) part.getOrDefault("paths", Map.of()),
                    (Map<String, Object>) document.computeIfAbsent("paths", k -> new LinkedHashMap<>()));
            Map<String, Object> components = (Map<String, Object>) document.computeIfAbsent("components",
                    k -> new LinkedHashMap<>());
            ((Map<String, Object>) part.getOrDefault("components", Map.of())).forEach((kind, entries) ->
                    addAll(area, "components/" + kind, (Map<String, Object>) entries,
                            (Map<String, Object>) components.computeIfAbsent(kind, k -> new LinkedHashMap<>())));
        }
        return document;
    }

    private static void addAll(Path area, String where, Map<String, Object> from, Map<String, Object> into) {
        from.forEach((key, value) -> {
            if (into.putIfAbsent(key, value) != null) {
                throw new IllegalArgumentException(area + ": " + where + "/" + key + " is defined twice");
            }
        });
    }

    private static Map<String, Object> read(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> map = new Yaml(new SafeConstructor(options)).load(reader);
            return map == null ? new LinkedHashMap<>() : map;
        }
    }
}
