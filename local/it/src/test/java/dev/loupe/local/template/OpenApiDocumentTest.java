package dev.loupe.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.testing.OpenApiDocument;
import dev.loupe.local.testing.OpenApiResponses;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document (functions/docs/openapi/*.yaml, joined into openapi.json in loupe-docs.jar) describes exactly
 * the routes of template.yaml, each with the auth its handler asks for, and is a valid OpenAPI 3.1 document.
 */
class OpenApiDocumentTest {
    private final Path root = LoupeRoot.path();
    private final Template template = Template.load(root);
    private final OpenApiDocument document = OpenApiDocument.packaged();

    @Test
    void everyRouteOfTheTemplateHasAnOperationAndEveryOperationARoute() {
        Map<String, String> routes = new TreeMap<>();
        template.routes().forEach(r -> routes.put(r.routeKey(), r.functionId()));
        Set<String> operations = new LinkedHashSet<>(document.routeKeys());
        List<String> missing = routes.entrySet().stream().filter(r -> !operations.contains(r.getKey()))
                .map(r -> r.getKey() + " (" + r.getValue() + ")").toList();
        List<String> extra = operations.stream().filter(o -> !routes.containsKey(o)).sorted().toList();
        assertThat(missing).as("template routes with no operation in functions/docs/openapi/*.yaml (add one to its "
                + "area's file: docs/DESIGN.md, \"The OpenAPI document\")").isEmpty();
        assertThat(extra).as("operations in functions/docs/openapi/*.yaml with no route in template.yaml").isEmpty();
    }

    /**
     * Public routes (handlers that extend PublicApiHandler) say {@code security: []}; the IAM-authorized ones name the
     * SigV4 scheme; every other one asks for the document's default (a bearer token or the session cookie).
     */
    @Test
    void everyOperationDeclaresTheAuthItsHandlerAsksFor() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (FunctionDef.HttpRoute route : template.routes()) {
            FunctionDef function = template.function(route.functionId()).orElseThrow();
            var operation = document.operation(route.method(), route.path().replace("{", "x").replace("}", "x"));
            JsonNode node = document.root().path("paths").path(route.path()).path(route.method().toLowerCase());
            if (node.isMissingNode()) {
                continue; // the coverage test reports it
            }
            String expected = route.iamAuthorized() ? "[{\"awsSigV4\":[]}]"
                    : isPublic(function) ? "[]" : "(default)";
            String declared = node.has("security") ? node.get("security").toString() : "(default)";
            if (!expected.equals(declared)) {
                wrong.add(route.routeKey() + ": security " + declared + ", expected " + expected);
            }
            assertThat(operation).as("%s is found by its own path", route.routeKey()).isPresent();
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyOperationDescribesItsErrorsAndHasAnId() {
        List<String> wrong = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.root().path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fields().forEachRemaining(op -> {
                if (op.getKey().equals("parameters")) {
                    return;
                }
                String key = op.getKey().toUpperCase() + " " + path.getKey();
                if (!op.getValue().path("responses").has("default")) {
                    wrong.add(key + " has no default (error) response");
                }
                if (!ids.add(op.getValue().path("operationId").asText(""))) {
                    wrong.add(key + " has no operationId or one used before");
                }
            });
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theSwaggerParserFindsNoErrors() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(document.text(), null, options);
        assertThat(result.getMessages()).as("swagger-parser's messages").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1");
        assertThat(result.getOpenAPI().getPaths()).hasSizeGreaterThan(50);
    }

    /** The end-to-end tests' check (HttpClients) fails on an answer the document does not describe. */
    @Test
    void theAnswerCheckFailsOnWhatTheDocumentDoesNotDescribe() {
        String json = "application/json; charset=utf-8";
        OpenApiResponses.check("GET", "/v1/ping", 200, json,
                "{\"status\":\"ok\",\"service\":\"loupe\",\"version\":\"1\",\"time\":\"2026-12-06T10:00:00Z\"}");
        assertThatThrownBy(() -> OpenApiResponses.check("GET", "/v1/ping", 200, json, "{\"status\":\"ok\"}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("GET /v1/ping answered 200")
                .hasMessageContaining("service");
        // An error in another family's shape does not pass as this family's.
        assertThatThrownBy(() -> OpenApiResponses.check("GET", "/v1/task/abc", 404, json,
                "{\"errors\":[{\"code\":\"not_found\",\"message\":\"no\"}]}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("GET /v1/task/{task} answered 404");
        assertThatThrownBy(() -> OpenApiResponses.check("DELETE", "/v1/images/abc", 204, json, "{}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("which it does not describe");
        // The literal route wins over a path parameter, as in API Gateway.
        assertThat(document.operation("POST", "/v1/task/next")).get()
                .extracting(OpenApiDocument.Operation::path).isEqualTo("/v1/task/next");
    }

    private boolean isPublic(FunctionDef function) throws Exception {
        Path jar = root.resolve(function.codeUri());
        try (var loader = new URLClassLoader(new java.net.URL[]{jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            for (Class<?> c = Class.forName(function.handlerClass(), false, loader); c != null; c = c.getSuperclass()) {
                if (c.getName().equals("dev.loupe.core.http.PublicApiHandler")) {
                    return true;
                }
            }
            return false;
        }
    }
}
