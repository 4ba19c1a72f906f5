package dev.loupe.local.testing;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * Every JSON answer the tests get from a route the OpenAPI document describes is checked against that operation's
 * response schema for its status (or its {@code default}), as JSON Schema 2020-12: {@link HttpClients} calls
 * {@link #check} on each answer, and a mismatch fails the test that got it. The document is read and each schema
 * compiled once per JVM.
 */
public final class OpenApiResponses {
    /** Where the document's schemas live for the validator: a name only, nothing is fetched from it. */
    private static final String BASE = "https://loupe.invalid/openapi.json";
    private static final String JSON = "application/json";

    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private OpenApiResponses() {
    }

    /** Checks one answer; an AssertionError names the operation, the status and what does not match. */
    public static void check(HttpRequest request, HttpResponse<String> response) {
        check(request.method(), request.uri().getRawPath(), response.statusCode(),
                response.headers().firstValue("content-type").orElse(""), response.body());
    }

    /** Checks one answer of {@code method path} (a path as requested, without the query). */
    public static void check(String method, String path, int status, String contentType, String body) {
        String mediaType = dev.loupe.core.http.HttpRequest.mediaType(contentType);
        if (!mediaType.equals(JSON) || body == null || body.isEmpty()) {
            return;
        }
        OpenApiDocument document = OpenApiDocument.packaged();
        Optional<OpenApiDocument.Operation> operation = document.operation(method, path);
        if (operation.isEmpty() || operation.get().path().contains("+}")) {
            return;
        }
        String where = operation.get().routeKey() + " answered " + status;
        OpenApiDocument.Located answer = document.response(operation.get(), status)
                .orElseThrow(() -> new AssertionError("OpenAPI document: " + where
                        + ", a status the operation does not describe (and it has no default)"));
        if (!answer.node().path("content").has(JSON)) {
            throw new AssertionError("OpenAPI document: " + where + " with JSON, which it does not describe: "
                    + body);
        }
        String pointer = answer.pointer() + "/content/" + OpenApiDocument.escape(JSON) + "/schema";
        List<Error> errors = SCHEMAS.computeIfAbsent(pointer, OpenApiResponses::compile)
                .validate(body, InputFormat.JSON);
        if (!errors.isEmpty()) {
            throw new AssertionError("OpenAPI document: " + where + " with JSON that does not match #" + pointer
                    + ": " + errors.stream().map(Error::toString).toList() + "\n" + body);
        }
    }

    private static Schema compile(String pointer) {
        return Registry.INSTANCE.getSchema(SchemaLocation.of(BASE + "#" + pointer));
    }

    private static final class Registry {
        static final SchemaRegistry INSTANCE = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(BASE, OpenApiDocument.packaged().text())));
    }
}
