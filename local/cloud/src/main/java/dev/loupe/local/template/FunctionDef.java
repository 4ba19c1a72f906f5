package dev.loupe.local.template;

import static dev.loupe.local.template.Template.list;
import static dev.loupe.local.template.Template.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code AWS::Serverless::Function} with Globals applied: what the local cloud needs to load and invoke it, and
 * what subscribes it to events.
 *
 * @param environment variable name to its template value: a string or a symbolic intrinsic such as {@code {"Ref": X}}
 * @param layerIds    the logical ids of the template's layers that {@code Layers} names ({@code !Ref X}); layers
 *                    given by ARN are not the template's and are left out
 */
public record FunctionDef(String logicalId, String handler, String codeUri, int timeoutSeconds, int memoryMb,
                          Map<String, Object> environment, List<HttpRoute> httpRoutes, List<SqsSource> sqsSources,
                          List<S3Source> s3Sources, List<StreamSource> streamSources, List<String> layerIds) {

    /** {@code Handler: pkg.Class::method} or just {@code pkg.Class}. */
    public String handlerClass() {
        int colons = handler.indexOf("::");
        return colons < 0 ? handler : handler.substring(0, colons);
    }

    /**
     * @param authorizer the route's {@code Auth: Authorizer}, or {@code NONE}; the local cloud knows only
     *                   {@link #IAM_AUTHORIZER} (it has no IAM: {@code HttpGateway} stands in with a local admin key)
     */
    public record HttpRoute(String functionId, String method, String path, String authorizer) {
        /** SAM's name for the HTTP API's built-in IAM authorizer. */
        public static final String IAM_AUTHORIZER = "AWS_IAM";

        public HttpRoute(String functionId, String method, String path) {
            this(functionId, method, path, "NONE");
        }

        /** API Gateway's route key, e.g. {@code GET /v1/galleries/{name}}. */
        public String routeKey() {
            return method + " " + path;
        }

        public boolean iamAuthorized() {
            return IAM_AUTHORIZER.equals(authorizer);
        }
    }

    public record SqsSource(String functionId, String queueId, int batchSize, boolean reportBatchItemFailures) {
    }

    public record S3Source(String functionId, String bucketId, List<String> events, String prefix, String suffix) {
        /** Whether an event such as {@code ObjectCreated:Put} on {@code key} is one this subscription wants. */
        public boolean matches(String eventName, String key) {
            boolean eventMatches = events.stream().anyMatch(pattern -> {
                String wanted = pattern.startsWith("s3:") ? pattern.substring(3) : pattern;
                return wanted.endsWith("*")
                        ? eventName.startsWith(wanted.substring(0, wanted.length() - 1))
                        : eventName.equals(wanted);
            });
            return eventMatches && key.startsWith(prefix) && key.endsWith(suffix);
        }
    }

    public record StreamSource(String functionId, String tableId, String startingPosition, int batchSize,
                               boolean reportBatchItemFailures) {
    }

    /**
     * @param parameters the template's parameter declarations: a {@code Timeout} or {@code MemorySize} given as
     *                   {@code !Ref Parameter} takes the parameter's {@code Default} (the local cloud's parameter
     *                   overrides reach environment variables, not these)
     */
    static FunctionDef parse(String id, Map<String, Object> properties, Map<String, Object> globals,
                             Map<String, Map<String, Object>> parameters) {
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.putAll(map(map(globals.get("Environment")).get("Variables")));
        environment.putAll(map(map(properties.get("Environment")).get("Variables")));

        List<HttpRoute> routes = new ArrayList<>();
        List<SqsSource> sqs = new ArrayList<>();
        List<S3Source> s3 = new ArrayList<>();
        List<StreamSource> streams = new ArrayList<>();
        map(properties.get("Events")).forEach((name, raw) -> {
            Map<String, Object> event = map(raw);
            Map<String, Object> p = map(event.get("Properties"));
            boolean reportFailures = list(p.get("FunctionResponseTypes")).contains("ReportBatchItemFailures");
            switch (String.valueOf(event.get("Type"))) {
                case "HttpApi" -> routes.add(new HttpRoute(id,
                        String.valueOf(p.getOrDefault("Method", "ANY")).toUpperCase(java.util.Locale.ROOT),
                        String.valueOf(p.getOrDefault("Path", "$default")),
                        String.valueOf(map(p.get("Auth")).getOrDefault("Authorizer", "NONE"))));
                case "SQS" -> sqs.add(new SqsSource(id, referencedId(p.get("Queue")),
                        intValue(p.get("BatchSize"), 10), reportFailures));
                case "S3" -> {
                    List<String> events = p.get("Events") instanceof String one ? List.of(one)
                            : list(p.get("Events")).stream().map(String::valueOf).toList();
                    String prefix = "";
                    String suffix = "";
                    for (Object rule : list(map(map(p.get("Filter")).get("S3Key")).get("Rules"))) {
                        Map<String, Object> r = map(rule);
                        String ruleName = String.valueOf(r.get("Name")).toLowerCase(java.util.Locale.ROOT);
                        if (ruleName.equals("prefix")) prefix = String.valueOf(r.get("Value"));
                        if (ruleName.equals("suffix")) suffix = String.valueOf(r.get("Value"));
                    }
                    s3.add(new S3Source(id, referencedId(p.get("Bucket")), events, prefix, suffix));
                }
                case "DynamoDB" -> streams.add(new StreamSource(id, referencedId(p.get("Stream")),
                        String.valueOf(p.getOrDefault("StartingPosition", "LATEST")),
                        intValue(p.get("BatchSize"), 100), reportFailures));
                default -> throw new IllegalArgumentException(
                        id + ": event type " + event.get("Type") + " is not supported by the local cloud");
            }
        });
        return new FunctionDef(id, String.valueOf(properties.get("Handler")),
                String.valueOf(properties.getOrDefault("CodeUri", globals.get("CodeUri"))),
                intValue(parameterDefault(properties.getOrDefault("Timeout", globals.get("Timeout")), parameters), 3),
                intValue(parameterDefault(properties.getOrDefault("MemorySize", globals.get("MemorySize")),
                        parameters), 128),
                environment, List.copyOf(routes), List.copyOf(sqs), List.copyOf(s3), List.copyOf(streams),
                layerIds(properties.containsKey("Layers") ? properties.get("Layers") : globals.get("Layers")));
    }

    private static List<String> layerIds(Object layers) {
        return list(layers).stream()
                .filter(layer -> map(layer).get("Ref") instanceof String)
                .map(layer -> (String) map(layer).get("Ref"))
                .toList();
    }

    /** The logical id in {@code !Ref X} or {@code !GetAtt X.Arn} / {@code X.StreamArn}. */
    static String referencedId(Object intrinsic) {
        Map<String, Object> m = map(intrinsic);
        if (m.get("Ref") instanceof String ref) {
            return ref;
        }
        if (m.containsKey("Fn::GetAtt")) {
            return String.valueOf(list(m.get("Fn::GetAtt")).getFirst());
        }
        throw new IllegalArgumentException("expected !Ref or !GetAtt, got " + intrinsic);
    }

    /** {@code value} itself, or the Default of the parameter it names ({@code !Ref Parameter}). */
    private static Object parameterDefault(Object value, Map<String, Map<String, Object>> parameters) {
        if (!(map(value).get("Ref") instanceof String ref)) {
            return value;
        }
        Object fallback = map(parameters.get(ref)).get("Default");
        if (fallback == null) {
            throw new IllegalArgumentException("!Ref " + ref + " names no parameter with a Default");
        }
        return fallback;
    }

    private static int intValue(Object value, int fallback) {
        return value == null ? fallback : Integer.parseInt(String.valueOf(value));
    }
}
