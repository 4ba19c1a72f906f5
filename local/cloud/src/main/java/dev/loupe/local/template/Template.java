package dev.loupe.local.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A SAM template as the local cloud and the tests need it: functions with their handlers, artifacts, environments
 * (Globals merged) and event sources, the tables, queues and buckets they use, the parameters and the layers.
 * Intrinsics stay symbolic until a {@link Resolver} that knows the physical names and parameter values resolves them.
 */
public record Template(Path root, Map<String, Object> globals, Map<String, FunctionDef> functions,
                       Map<String, Map<String, Object>> tables, Map<String, Map<String, Object>> queues,
                       Map<String, Map<String, Object>> buckets, Map<String, Map<String, Object>> httpApis,
                       List<String> otherResources, Map<String, Map<String, Object>> parameters,
                       Map<String, Map<String, Object>> layers) {

    public static final String FUNCTION = "AWS::Serverless::Function";
    public static final String TABLE = "AWS::DynamoDB::Table";
    public static final String QUEUE = "AWS::SQS::Queue";
    public static final String BUCKET = "AWS::S3::Bucket";
    public static final String HTTP_API = "AWS::Serverless::HttpApi";
    public static final String LAYER = "AWS::Serverless::LayerVersion";

    /** Reads {@code template.yaml} under a repository root. */
    public static Template load(Path root) {
        try {
            return parse(root, CloudFormationYaml.read(root.resolve("template.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root.resolve("template.yaml"), e);
        }
    }

    /** Reads another template file (test fixtures); relative CodeUris resolve against {@code root}. */
    public static Template load(Path root, Path templateFile) {
        try {
            return parse(root, CloudFormationYaml.read(templateFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + templateFile, e);
        }
    }

    private static Template parse(Path root, Map<String, Object> yaml) {
        Map<String, Object> globals = map(map(yaml.get("Globals")).get("Function"));
        Map<String, FunctionDef> functions = new LinkedHashMap<>();
        Map<String, Map<String, Object>> tables = new LinkedHashMap<>();
        Map<String, Map<String, Object>> queues = new LinkedHashMap<>();
        Map<String, Map<String, Object>> buckets = new LinkedHashMap<>();
        Map<String, Map<String, Object>> httpApis = new LinkedHashMap<>();
        Map<String, Map<String, Object>> layers = new LinkedHashMap<>();
        List<String> others = new ArrayList<>();
        Map<String, Map<String, Object>> parameters = new LinkedHashMap<>();
        map(yaml.get("Parameters")).forEach((name, declaration) -> parameters.put(name, map(declaration)));
        map(yaml.get("Resources")).forEach((id, raw) -> {
            Map<String, Object> resource = map(raw);
            Map<String, Object> properties = map(resource.get("Properties"));
            switch (String.valueOf(resource.get("Type"))) {
                case FUNCTION -> functions.put(id, FunctionDef.parse(id, properties, globals, parameters));
                case TABLE -> tables.put(id, properties);
                case QUEUE -> queues.put(id, properties);
                case BUCKET -> buckets.put(id, properties);
                case HTTP_API -> httpApis.put(id, properties);
                case LAYER -> {
                    layers.put(id, properties);
                    others.add(id);
                }
                default -> others.add(id);
            }
        });
        return new Template(root, globals, functions, tables, queues, buckets, httpApis, others, parameters, layers);
    }

    /**
     * Each parameter's value: its {@code Default}, or what {@code overrides} gives it (as {@code sam deploy
     * --parameter-overrides} would). A parameter with neither, or an override the template does not declare, is an
     * error.
     */
    public Map<String, String> parameterValues(Map<String, String> overrides) {
        for (String name : overrides.keySet()) {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("the template declares no parameter " + name);
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        parameters.forEach((name, declaration) -> {
            Object value = overrides.containsKey(name) ? overrides.get(name) : declaration.get("Default");
            if (value == null) {
                throw new IllegalArgumentException("parameter " + name + " has no Default: give it a value");
            }
            values.put(name, String.valueOf(value));
        });
        return values;
    }

    public List<FunctionDef.HttpRoute> routes() {
        return functions.values().stream().flatMap(f -> f.httpRoutes().stream()).toList();
    }

    public Optional<FunctionDef> function(String logicalId) {
        return Optional.ofNullable(functions.get(logicalId));
    }

    /** A template value as a map (empty when it is something else): how raw CloudFormation values are read. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** A template value as a list (empty when it is something else). */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
