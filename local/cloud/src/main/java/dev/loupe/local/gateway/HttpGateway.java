package dev.loupe.local.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.local.AwsLimits;
import dev.loupe.local.lambda.Invoker;
import dev.loupe.local.template.Template;

/**
 * API Gateway's HTTP API, locally: serves every route of the template on 127.0.0.1, turns each request into a
 * payload v2 event as API Gateway does, invokes the route's function and turns its answer back into HTTP (status,
 * headers, cookies, base64 bodies). It applies what API Gateway applies before a function runs: the 10 MB body limit,
 * the 6 MB Lambda payload limit, CORS from the API's CorsConfiguration, and 30 s integration timeouts.
 *
 * <p>There is no IAM here: a route whose authorizer is {@code AWS_IAM} is served only to a call from a loopback
 * address that carries the local cloud's admin key in {@value #ADMIN_KEY_HEADER}; any other call gets API Gateway's
 * 403 for an unsigned request. The same key guards {@code POST /_local/invoke/<FunctionLogicalId>}, which invokes a
 * function with the body as its event and answers the function's raw result (what {@code sam local invoke} prints).
 */
public final class HttpGateway implements AutoCloseable {
    private static final int MAX_BODY_BYTES = AwsLimits.API_GATEWAY_BODY_BYTES;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** The header that carries the local admin key, standing in for a SigV4 signature. */
    public static final String ADMIN_KEY_HEADER = "X-Local-Admin-Key";
    /** The local cloud's own invoke route: {@code POST /_local/invoke/<FunctionLogicalId>}. */
    public static final String INVOKE_PATH = "/_local/invoke/";

    private final List<Route> routes;
    private final Invoker invoker;
    private final String adminKey;
    private final Cors cors;
    private final HttpServer server;

    /** @param adminKey what a call to an IAM-authorized route, or to the invoke route, must carry */
    public HttpGateway(Template template, Invoker invoker, int port, String adminKey) throws IOException {
        this.routes = Route.byPrecedence(template.routes());
        this.invoker = invoker;
        this.adminKey = adminKey;
        this.cors = Cors.of(template.httpApis().values().stream().findFirst().orElse(Map.of()));
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String origin = exchange.getRequestHeaders().getFirst("Origin");
            if (cors.configured() && method.equals("OPTIONS") && origin != null
                    && exchange.getRequestHeaders().getFirst("Access-Control-Request-Method") != null) {
                cors.preflight(origin, exchange.getResponseHeaders());
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                sendMessage(exchange, 413, "Request Entity Too Large", origin);
                return;
            }
            String rawPath = exchange.getRequestURI().getRawPath();
            String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
            if (rawPath.startsWith(INVOKE_PATH) && method.equals("POST")) {
                invokeDirectly(exchange, path.substring(INVOKE_PATH.length()), body);
                return;
            }
            for (Route route : routes) {
                Optional<Map<String, String>> parameters = route.match(method, rawPath);
                if (parameters.isPresent()) {
                    if (route.route().iamAuthorized() && !isAdmin(exchange)) {
                        // What API Gateway answers a call without a valid SigV4 signature on an IAM-authorized route.
                        sendMessage(exchange, 403, "Forbidden", origin);
                        return;
                    }
                    forward(exchange, route, parameters.get(), path, body, origin);
                    return;
                }
            }
            sendMessage(exchange, 404, "Not Found", origin);
        } catch (RuntimeException e) {
            System.err.println("[gateway] " + e);
            throw e;
        }
    }

    /** A loopback caller with the admin key: the local stand-in for an operator's SigV4-signed call. */
    private boolean isAdmin(HttpExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst(ADMIN_KEY_HEADER);
        return exchange.getRemoteAddress().getAddress().isLoopbackAddress() && given != null
                && java.security.MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                adminKey.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code POST /_local/invoke/<id>}: the event in, the function's raw result out, 502 with the error if it failed. */
    private void invokeDirectly(HttpExchange exchange, String functionId, byte[] event) throws IOException {
        if (!isAdmin(exchange)) {
            sendMessage(exchange, 403, "Forbidden", null);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            String result = invoker.invoke(functionId, new String(event, StandardCharsets.UTF_8));
            send(exchange, 200, result == null ? "null".getBytes(StandardCharsets.UTF_8)
                    : result.getBytes(StandardCharsets.UTF_8));
        } catch (Invoker.FunctionFailedException e) {
            send(exchange, 502, JSON.writeValueAsBytes(Map.of("errorMessage", e.getMessage(),
                    "errorType", e.timedOut() ? "Timeout" : "FunctionError")));
        }
    }

    private void forward(HttpExchange exchange, Route route, Map<String, String> pathParameters, String path,
                         byte[] body, String origin) throws IOException {
        String event = JSON.writeValueAsString(event(exchange, route, pathParameters, path, body));
        if (event.getBytes(StandardCharsets.UTF_8).length > AwsLimits.LAMBDA_PAYLOAD_BYTES) {
            // Lambda refuses the invocation; API Gateway answers 413 for it.
            sendMessage(exchange, 413, "Request Entity Too Large", origin);
            return;
        }
        String result;
        try {
            result = invoker.invoke(route.route().functionId(), event);
        } catch (Invoker.FunctionFailedException e) {
            System.err.println("[gateway] " + route.route().routeKey() + " -> " + e.getMessage());
            boolean timedOut = e.timedOut();
            sendMessage(exchange, timedOut ? 503 : 500, timedOut ? "Service Unavailable" : "Internal Server Error",
                    origin);
            return;
        }
        respond(exchange, result, origin);
    }

    private Map<String, Object> event(HttpExchange exchange, Route route, Map<String, String> pathParameters,
                                      String path, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals(ADMIN_KEY_HEADER.toLowerCase(Locale.ROOT))) {
                // The stand-in for a signature is the gateway's business, not the function's (API Gateway does not
                // pass the SigV4 headers' secrets on either: only the caller's identity, which we have none of).
                return;
            }
            if (lower.equals("cookie")) {
                values.forEach(v -> List.of(v.split(";")).forEach(c -> {
                    if (!c.isBlank()) cookies.add(c.trim());
                }));
            } else {
                headers.put(lower, String.join(",", values));
            }
        });
        // As API Gateway's: the domain the API is served on, never the client's Host header.
        String host = baseUri().getAuthority();
        headers.put("x-forwarded-proto", "http");
        headers.put("x-forwarded-port", String.valueOf(server.getAddress().getPort()));
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        headers.put("x-forwarded-for", sourceIp);

        String rawQuery = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        Map<String, String> query = new LinkedHashMap<>();
        if (!rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.merge(name, value, (a, b) -> a + "," + b);
            }
        }

        boolean base64 = body.length > 0 && !isText(headers.get("content-type"));
        Instant now = Instant.now();
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", exchange.getRequestMethod().toUpperCase(Locale.ROOT));
        http.put("path", path);
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", sourceIp);
        http.put("userAgent", headers.getOrDefault("user-agent", ""));

        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", "000000000000");
        context.put("apiId", "local");
        context.put("domainName", host);
        context.put("domainPrefix", host.split("[.:]")[0]);
        context.put("http", http);
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", route.route().routeKey());
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", route.route().routeKey());
        event.put("rawPath", exchange.getRequestURI().getRawPath());
        event.put("rawQueryString", rawQuery);
        if (!cookies.isEmpty()) event.put("cookies", cookies);
        event.put("headers", headers);
        if (!query.isEmpty()) event.put("queryStringParameters", query);
        if (!pathParameters.isEmpty()) event.put("pathParameters", pathParameters);
        event.put("requestContext", context);
        if (body.length > 0) {
            event.put("body", base64 ? Base64.getEncoder().encodeToString(body)
                    : new String(body, StandardCharsets.UTF_8));
        }
        event.put("isBase64Encoded", base64);
        return event;
    }

    /** API Gateway passes text bodies as they are and base64-encodes everything else. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';'); // not split: ";".split(";") has no first element
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
                .toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml")
                || type.equals("application/x-www-form-urlencoded") || type.equals("application/javascript");
    }

    private void respond(HttpExchange exchange, String result, String origin) throws IOException {
        JsonNode answer = result == null ? JSON.nullNode() : JSON.readTree(result);
        var responseHeaders = exchange.getResponseHeaders();
        if (!answer.isObject() || !answer.has("statusCode")) {
            // Payload v2: an answer without statusCode is the body of a 200 JSON response.
            responseHeaders.set("Content-Type", "application/json");
            cors.actual(origin, responseHeaders);
            send(exchange, 200, result == null ? new byte[0] : result.getBytes(StandardCharsets.UTF_8));
            return;
        }
        answer.path("headers").properties().forEach(e -> responseHeaders.set(e.getKey(), e.getValue().asText()));
        answer.path("multiValueHeaders").properties().forEach(e ->
                e.getValue().forEach(v -> responseHeaders.add(e.getKey(), v.asText())));
        answer.path("cookies").forEach(c -> responseHeaders.add("Set-Cookie", c.asText()));
        cors.actual(origin, responseHeaders);
        String body = answer.path("body").isNull() ? "" : answer.path("body").asText("");
        byte[] bytes = answer.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        send(exchange, answer.get("statusCode").asInt(), bytes);
    }

    private void sendMessage(HttpExchange exchange, int status, String message, String origin) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        cors.actual(origin, exchange.getResponseHeaders());
        send(exchange, status, JSON.writeValueAsBytes(Map.of("message", message)));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean noBody = body.length == 0 || status == 204 || status == 304
                || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Reads at most 10 MB; null when the body is larger (API Gateway answers 413 without calling a function). */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        return bytes.length > MAX_BODY_BYTES ? null : bytes;
    }
}
