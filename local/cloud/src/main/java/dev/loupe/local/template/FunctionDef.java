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
                          List<EventRule> eventRules, List<StreamSource> streamSources, List<String> layerIds,
                          List<ScheduleSource> schedules) {

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

    /** @param filters the event's {@code FilterCriteria} (on the record, its body parsed when JSON) */
    public record SqsSource(String functionId, String queueId, int batchSize, boolean reportBatchItemFailures,
                            FilterCriteria filters) {
    }

    /**
     * An {@code EventBridgeRule} event on the default bus: the function is the target of a rule whose {@code Pattern}
     * (CloudFormation's EventPattern, intrinsics still symbolic) selects the events. The local cloud produces S3's
     * events only (source {@code aws.s3}, from buckets with EventBridge enabled), so that is all a rule may ask for.
     */
    public record EventRule(String functionId, String name, Map<String, Object> pattern) {
        public static final String S3_SOURCE = "aws.s3";

        /**
         * The template's buckets the pattern names ({@code detail.bucket.name: [!Ref X]}); empty when it names none
         * (the rule then takes S3's events from every bucket that sends them).
         */
        public List<String> bucketIds() {
            Object names = map(map(pattern.get("detail")).get("bucket")).get("name");
            return list(names).stream()
                    .filter(value -> map(value).get("Ref") instanceof String)
                    .map(value -> (String) map(value).get("Ref"))
                    .toList();
        }

        static EventRule parse(String functionId, String name, Map<String, Object> properties) {
            for (String unsupported : List.of("Input", "InputPath", "InputTransformer", "EventBusName")) {
                if (properties.containsKey(unsupported)) {
                    throw new IllegalArgumentException(functionId + "." + name + ": EventBridgeRule " + unsupported
                            + " is not supported by the local cloud (it delivers the matched event as is, from the "
                            + "default bus)");
                }
            }
            if (!String.valueOf(properties.getOrDefault("State", "ENABLED")).equals("ENABLED")) {
                throw new IllegalArgumentException(functionId + "." + name + ": the local cloud has enabled rules only"
                        + ", not State " + properties.get("State"));
            }
            Map<String, Object> pattern = map(properties.get("Pattern"));
            if (!list(pattern.get("source")).equals(List.of(S3_SOURCE))) {
                throw new IllegalArgumentException(functionId + "." + name + ": the local cloud delivers S3's events "
                        + "only: an EventBridgeRule's Pattern must have source: [" + S3_SOURCE + "], not "
                        + pattern.get("source"));
            }
            EventPattern.check(pattern);
            return new EventRule(functionId, name, pattern);
        }
    }

    /** @param filters the event's {@code FilterCriteria} (on the stream record, as Lambda's event shows it) */
    public record StreamSource(String functionId, String tableId, String startingPosition, int batchSize,
                               boolean reportBatchItemFailures, FilterCriteria filters) {
    }

    /**
     * A {@code Schedule} (EventBridge rule) or {@code ScheduleV2} (EventBridge Scheduler) event: its expression
     * ({@code rate(...)}, {@code cron(...)} or {@code at(...)}), the {@code Input} it passes instead of the scheduled
     * event (empty: the event itself), and whether it is enabled ({@code Enabled: false} or {@code State: DISABLED}
     * turn it off).
     */
    public record ScheduleSource(String functionId, String name, String type, String expression,
                                 java.util.Optional<String> input, boolean enabled) {
        static ScheduleSource parse(String functionId, String name, String type, Map<String, Object> p) {
            Object expression = type.equals("Schedule") ? p.get("Schedule") : p.get("ScheduleExpression");
            if (!(expression instanceof String text) || text.isBlank()) {
                throw new IllegalArgumentException(functionId + "." + name + ": a " + type + " event needs "
                        + (type.equals("Schedule") ? "Schedule" : "ScheduleExpression") + " as a plain string");
            }
            Object input = p.get("Input");
            if (input != null && !(input instanceof String)) {
                throw new IllegalArgumentException(functionId + "." + name + ": Input is a JSON string");
            }
            boolean enabled = !Boolean.FALSE.equals(p.get("Enabled"))
                    && !"false".equalsIgnoreCase(String.valueOf(p.get("Enabled")))
                    && !"DISABLED".equalsIgnoreCase(String.valueOf(p.get("State")));
            return new ScheduleSource(functionId, name, type, text.strip(), java.util.Optional.ofNullable(
                    (String) input), enabled);
        }
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
        List<EventRule> rules = new ArrayList<>();
        List<StreamSource> streams = new ArrayList<>();
        List<ScheduleSource> schedules = new ArrayList<>();
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
                        intValue(p.get("BatchSize"), 10), reportFailures,
                        FilterCriteria.parse(id + "." + name, p.get("FilterCriteria"), false)));
                case "EventBridgeRule" -> rules.add(EventRule.parse(id, name, p));
                case "S3" -> throw new IllegalArgumentException(id + "." + name + ": Type: S3 events (bucket "
                        + "notifications) are not supported by the local cloud: enable EventBridge on the bucket and "
                        + "subscribe with an EventBridgeRule event (source aws.s3)");
                case "DynamoDB" -> streams.add(new StreamSource(id, referencedId(p.get("Stream")),
                        String.valueOf(p.getOrDefault("StartingPosition", "LATEST")),
                        intValue(p.get("BatchSize"), 100), reportFailures,
                        FilterCriteria.parse(id + "." + name, p.get("FilterCriteria"), true)));
                case "Schedule", "ScheduleV2" -> schedules.add(ScheduleSource.parse(id, name,
                        String.valueOf(event.get("Type")), p));
                default -> throw new IllegalArgumentException(
                        id + ": event type " + event.get("Type") + " is not supported by the local cloud");
            }
        });
        return new FunctionDef(id, String.valueOf(properties.get("Handler")),
                String.valueOf(properties.getOrDefault("CodeUri", globals.get("CodeUri"))),
                intValue(parameterDefault(properties.getOrDefault("Timeout", globals.get("Timeout")), parameters), 3),
                intValue(parameterDefault(properties.getOrDefault("MemorySize", globals.get("MemorySize")),
                        parameters), 128),
                environment, List.copyOf(routes), List.copyOf(sqs), List.copyOf(rules), List.copyOf(streams),
                layerIds(properties.containsKey("Layers") ? properties.get("Layers") : globals.get("Layers")),
                List.copyOf(schedules));
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
