package dev.loupe.local.tools;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.events.GeneratedEvents;
import dev.loupe.local.gateway.Route;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.template.FunctionDef;
import dev.loupe.local.template.Template;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ./loupe generate-event <kind>}: an event as the local cloud would deliver it, for the kinds SAM CLI's
 * {@code generate-event} has that Loupe's functions consume, shaped for Loupe's keys, with the {@code events/}
 * placeholders ({@code ${LOUPE_TOKEN}}, {@code ${LOUPE_PROJECT_ID}}) that {@code ./loupe invoke} fills.
 */
@Command(name = "generate-event", mixinStandardHelpOptions = true,
        description = "Prints an event for ./loupe invoke -e -: http, s3-eventbridge, sqs or dynamodb-stream.",
        subcommands = {GenerateEventCommand.Http.class, GenerateEventCommand.S3EventBridge.class,
                GenerateEventCommand.Sqs.class,
                GenerateEventCommand.DynamoDbStream.class})
final class GenerateEventCommand implements Runnable {
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "000000000000";
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    LoupeTools tools;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "name a kind: http, s3-eventbridge, sqs or dynamodb-stream");
    }

    Template template() {
        return Template.load(tools.root(), tools.root().resolve("template.yaml"));
    }

    /** The local name of one of the template's buckets. */
    String bucket(String logicalId) {
        Map<String, Map<String, Object>> buckets = template().buckets();
        if (!buckets.containsKey(logicalId)) {
            throw new LoupeTools.ToolException("template.yaml declares no bucket " + logicalId + "; it has "
                    + buckets.keySet(), 2);
        }
        return Provisioner.bucketName(logicalId, buckets.get(logicalId));
    }

    @Command(name = "http", mixinStandardHelpOptions = true,
            description = "An HTTP API request (payload v2) on one of the template's routes, with a Loupe token.")
    static final class Http implements Runnable {
        @ParentCommand
        GenerateEventCommand parent;

        @Option(names = "--method", defaultValue = "GET", description = "The HTTP method (default GET).")
        String method;

        @Option(names = "--path", required = true, description = "The request path, e.g. /v1/galleries/lisbon.")
        String path;

        @Option(names = "--query", defaultValue = "", description = "The raw query string, e.g. limit=10.")
        String query;

        @Option(names = "--body", description = "A JSON body (content-type application/json).")
        String body;

        @Option(names = "--header", paramLabel = "NAME=VALUE", description = "Another header (repeat).")
        Map<String, String> headers = new LinkedHashMap<>();

        @Option(names = "--token", defaultValue = "$${LOUPE_TOKEN}",
                description = "The bearer token (default the placeholder $${LOUPE_TOKEN}; 'none' for no header).")
        String token;

        @Override
        public void run() {
            String upper = method.toUpperCase(java.util.Locale.ROOT);
            List<FunctionDef.HttpRoute> routes = parent.template().routes();
            Optional<Map.Entry<Route, Map<String, String>>> match = Optional.empty();
            for (Route route : Route.byPrecedence(routes)) {
                var parameters = route.match(upper, path);
                if (parameters.isPresent()) {
                    match = Optional.of(Map.entry(route, parameters.get()));
                    break;
                }
            }
            Map.Entry<Route, Map<String, String>> found = match.orElseThrow(() -> new LoupeTools.ToolException(
                    "No route of template.yaml takes " + upper + " " + path, 2));
            Map<String, String> all = new LinkedHashMap<>();
            all.put("accept", "application/json");
            if (!"none".equals(token)) {
                all.put("authorization", "Bearer " + token);
            }
            if (body != null) {
                all.put("content-type", "application/json");
            }
            headers.forEach(all::put);
            parent.tools.out.println(GeneratedEvents.http(found.getKey().route().routeKey(), path, query, all,
                    found.getValue(), body));
            System.err.println("(for " + found.getKey().route().functionId() + ")");
        }
    }

    @Command(name = "s3-eventbridge", mixinStandardHelpOptions = true,
            description = "S3's event to EventBridge for one object, by default Object Created for an original in the "
                    + "image bucket (the ingest's trigger).")
    static final class S3EventBridge implements Runnable {
        @ParentCommand
        GenerateEventCommand parent;

        @Option(names = "--detail-type", defaultValue = "Object Created",
                description = "Object Created (by a PutObject) or Object Deleted (by a DeleteObject).")
        String detailType;

        @Option(names = "--bucket", defaultValue = "ImageBucket", description = "The template's bucket (logical id).")
        String bucket;

        @Option(names = "--key", defaultValue = "originals/$${LOUPE_PROJECT_ID}/sample-image/photo.jpg",
                description = "The object key as stored (default an original of the local project: "
                        + "originals/<project>/<image>/<file>).")
        String key;

        @Option(names = "--size", defaultValue = "1024", description = "The object's size in bytes (Object Created).")
        long size;

        @Override
        public void run() {
            String event;
            try {
                event = GeneratedEvents.s3EventBridge(detailType, parent.bucket(bucket), key, size, REGION);
            } catch (IllegalArgumentException e) {
                throw new LoupeTools.ToolException(e.getMessage(), 2);
            }
            parent.tools.out.println(event);
        }
    }

    @Command(name = "sqs", mixinStandardHelpOptions = true, description = "One SQS message from one of the template's queues.")
    static final class Sqs implements Runnable {
        @ParentCommand
        GenerateEventCommand parent;

        @Option(names = "--queue", required = true, description = "The template's queue (logical id), e.g. FolderPurgeQueue.")
        String queue;

        @Option(names = "--body", defaultValue = "{\"project_id\":\"$${LOUPE_PROJECT_ID}\"}",
                description = "The message body (a job's JSON).")
        String body;

        @Override
        public void run() {
            if (!parent.template().queues().containsKey(queue)) {
                throw new LoupeTools.ToolException("template.yaml declares no queue " + queue + "; it has "
                        + parent.template().queues().keySet(), 2);
            }
            parent.tools.out.println(GeneratedEvents.sqs("arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + queue, body,
                    REGION));
        }
    }

    @Command(name = "dynamodb-stream", mixinStandardHelpOptions = true,
            description = "One DynamoDB stream record (NEW_AND_OLD_IMAGES) of one of the template's tables.")
    static final class DynamoDbStream implements Runnable {
        @ParentCommand
        GenerateEventCommand parent;

        @Option(names = "--table", required = true, description = "The template's table (logical id), e.g. GalleriesTable.")
        String table;

        @Option(names = "--event", defaultValue = "INSERT", description = "INSERT, MODIFY or REMOVE.")
        String event;

        @Option(names = "--keys", required = true,
                description = "The item's keys as plain JSON, e.g. {\"pk\":\"P#$${LOUPE_PROJECT_ID}#G#lisbon\",\"sk\":\"G\"}.")
        String keys;

        @Option(names = "--new-image", defaultValue = "{}", description = "The new item as plain JSON (keys included).")
        String newImage;

        @Option(names = "--old-image", defaultValue = "{}", description = "The old item as plain JSON (keys included).")
        String oldImage;

        @Override
        public void run() {
            if (!parent.template().tables().containsKey(table)) {
                throw new LoupeTools.ToolException("template.yaml declares no table " + table + "; it has "
                        + parent.template().tables().keySet(), 2);
            }
            try {
                parent.tools.out.println(GeneratedEvents.dynamoDbStream(event.toUpperCase(java.util.Locale.ROOT),
                        item(keys), item(newImage), item(oldImage),
                        "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + table + "/stream/generated",
                        REGION));
            } catch (IllegalArgumentException e) {
                throw new LoupeTools.ToolException(e.getMessage(), 2);
            }
        }

        /** Plain JSON to DynamoDB's typed attributes: strings S, numbers N, booleans BOOL, lists L, objects M. */
        static Map<String, AttributeValue> item(String json) {
            try {
                JsonNode node = JSON.readTree(json);
                if (!node.isObject()) {
                    throw new IllegalArgumentException("an item is a JSON object: " + json);
                }
                Map<String, AttributeValue> item = new LinkedHashMap<>();
                node.properties().forEach(e -> item.put(e.getKey(), value(e.getValue())));
                return item;
            } catch (IOException e) {
                throw new IllegalArgumentException("not JSON: " + json);
            }
        }

        private static AttributeValue value(JsonNode node) {
            if (node.isTextual()) return AttributeValue.fromS(node.asText());
            if (node.isNumber()) return AttributeValue.fromN(node.asText());
            if (node.isBoolean()) return AttributeValue.fromBool(node.asBoolean());
            if (node.isNull()) return AttributeValue.fromNul(true);
            if (node.isArray()) {
                List<AttributeValue> values = new java.util.ArrayList<>();
                node.forEach(v -> values.add(value(v)));
                return AttributeValue.fromL(values);
            }
            Map<String, AttributeValue> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), value(e.getValue())));
            return AttributeValue.fromM(map);
        }
    }
}
