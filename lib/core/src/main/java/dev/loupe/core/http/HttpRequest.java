package dev.loupe.core.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.RequestContext;

/**
 * An HTTP request as Loupe's services need it, made from API Gateway's payload v2 event in one place: path and query
 * parameters, headers without regard to case, cookies, and the body decoded from base64 and parsed as JSON, form or
 * multipart on demand.
 */
public final class HttpRequest {
    private final String method;
    private final String path;
    private final String routeKey;
    private final Map<String, String> pathParameters;
    private final Map<String, List<String>> query;
    private final Map<String, String> headers;
    private final Map<String, String> cookies;
    private final byte[] body;
    private final String domainName;
    private final String sourceIp;
    private Params params;

    private HttpRequest(String method, String path, String routeKey, Map<String, String> pathParameters,
                        Map<String, List<String>> query, Map<String, String> headers, Map<String, String> cookies,
                        byte[] body, String domainName, String sourceIp) {
        this.method = method;
        this.path = path;
        this.routeKey = routeKey;
        this.pathParameters = pathParameters;
        this.query = query;
        this.headers = headers;
        this.cookies = cookies;
        this.body = body;
        this.domainName = domainName;
        this.sourceIp = sourceIp;
    }

    public static HttpRequest from(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        var http = context == null ? null : context.getHttp();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (event.getHeaders() != null) {
            headers.putAll(event.getHeaders());
        }
        byte[] body = decodeBody(event.getBody(), event.getIsBase64Encoded());
        if (body.length > PayloadLimits.LAMBDA_PAYLOAD_BYTES) {
            throw ApiError.tooLarge("The request body is " + body.length + " bytes; a request through the API "
                    + "carries at most " + PayloadLimits.LAMBDA_PAYLOAD_BYTES + " bytes. Upload larger files to S3 with a "
                    + "presigned URL.");
        }
        Map<String, String> pathParameters = event.getPathParameters() == null ? Map.of()
                : Map.copyOf(event.getPathParameters());
        pathParameters.values().forEach(HttpRequest::checkPathSegment);
        return new HttpRequest(
                http == null ? "GET" : http.getMethod().toUpperCase(Locale.ROOT),
                event.getRawPath() == null ? "/" : event.getRawPath(),
                event.getRouteKey(),
                pathParameters,
                parseQuery(event.getRawQueryString()),
                headers,
                parseCookies(event.getCookies()),
                body,
                context == null ? null : context.getDomainName(),
                http == null ? null : http.getSourceIp());
    }

    /** The longest path segment (an id, a gallery or user name, a file name) that can name anything stored. */
    public static final int MAX_PATH_SEGMENT = 256;

    /**
     * One rule for every path parameter, before any handler sees it: at most {@link #MAX_PATH_SEGMENT} characters
     * (DynamoDB keys stop at 2,048 bytes) and no control characters (they name nothing, and XML can't carry them).
     * The value is not echoed: it is what could not be shown.
     */
    private static void checkPathSegment(String segment) {
        if (segment.length() > MAX_PATH_SEGMENT) {
            throw new ApiError(400, "bad_path", "A path segment has at most " + MAX_PATH_SEGMENT
                    + " characters; this one has " + segment.length());
        }
        if (segment.chars().anyMatch(HttpRequest::isControl)) {
            throw new ApiError(400, "bad_path", "A path segment may not contain control characters");
        }
    }

    static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c < 0xa0);
    }

    private static byte[] decodeBody(String body, boolean base64) {
        if (body == null || body.isEmpty()) {
            return new byte[0];
        }
        if (!base64) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "malformed_body", "The request body is not valid base64");
        }
    }

    /** Query strings keep repeated names ({@code image[]=a&image[]=b}); API Gateway's own map would join them. */
    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            result.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return result;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "malformed_query", "The query string or form body is not valid URL encoding");
        }
    }

    private static Map<String, String> parseCookies(List<String> cookies) {
        Map<String, String> result = new LinkedHashMap<>();
        if (cookies != null) {
            for (String cookie : cookies) {
                int eq = cookie.indexOf('=');
                if (eq > 0) {
                    result.putIfAbsent(cookie.substring(0, eq).trim(), cookie.substring(eq + 1).trim());
                }
            }
        }
        return result;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String routeKey() {
        return routeKey;
    }

    public Optional<String> pathParameter(String name) {
        return Optional.ofNullable(pathParameters.get(name));
    }

    /** A path parameter that must be there and not blank: else 400 {@code bad_parameter_<name>}. */
    public String requiredPathParameter(String name) {
        return pathParameter(name).filter(s -> !s.isBlank()).orElseThrow(() -> new ApiError(400,
                "bad_parameter_" + name, "the path names no " + name, name));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    public Map<String, List<String>> query() {
        return query;
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public Optional<String> sourceIp() {
        return Optional.ofNullable(sourceIp);
    }

    /** The media type of the body without parameters, lower case; empty when there is no Content-Type. */
    public String mediaType() {
        return mediaType(header("content-type").orElse(null));
    }

    /**
     * A Content-Type value's media type, without its parameters, lower case; empty for none. Cut at the first ';'
     * rather than split: {@code ";".split(";")} has no first element, and a header of a ';' alone was a 500.
     */
    public static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** The representation the caller prefers for the answer (its {@code Accept} header). */
    public Format preferredFormat() {
        return Format.preferredBy(header("accept").orElse(null));
    }

    /**
     * The public base URL for links in answers: the deployment's {@code PUBLIC_BASE_URL} (template.yaml's
     * {@code PublicBaseUrl}: a custom domain, or the local cloud's own address), else the API's own domain as API
     * Gateway reports it in the request context, over HTTPS. Never a request header: {@code Host} and
     * {@code X-Forwarded-*} are the client's to forge (docs/DESIGN.md, "Public base URL").
     */
    public String baseUrl() {
        return PublicBaseUrl.configured()
                .orElseGet(() -> "https://" + (domainName != null && !domainName.isBlank() ? domainName : "localhost"));
    }

    /**
     * The host (with its port, when not the scheme's default) of {@link #baseUrl()}: the task API hands it back as
     * {@code server}, which clients call next.
     */
    public String host() {
        return java.net.URI.create(baseUrl()).getRawAuthority();
    }

    /** The body as JSON; a 400 when it isn't. */
    public JsonNode json() {
        if (body.length == 0) {
            return Mappers.JSON.createObjectNode();
        }
        try {
            return Mappers.JSON.readTree(body);
        } catch (IOException e) {
            throw new ApiError(400, "malformed_json", "The request body is not valid JSON");
        }
    }

    /** Parameters from the query string and the body, whichever encoding the body uses. */
    public Params params() {
        if (params == null) {
            Map<String, List<String>> merged = new LinkedHashMap<>();
            query.forEach((k, v) -> merged.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            bodyParams().forEach((k, v) -> merged.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            params = new Params(merged);
        }
        return params;
    }

    private Map<String, List<String>> bodyParams() {
        if (body.length == 0) {
            return Map.of();
        }
        String type = mediaType();
        if (type.equals("application/x-www-form-urlencoded")) {
            return parseQuery(bodyText());
        }
        if (type.startsWith("multipart/")) {
            Map<String, List<String>> fields = new LinkedHashMap<>();
            for (Part part : parts()) {
                if (!part.isFile()) {
                    fields.computeIfAbsent(part.name(), k -> new ArrayList<>()).add(part.text());
                }
            }
            return fields;
        }
        if (type.equals("application/json") || type.endsWith("+json") || type.isEmpty()) {
            JsonNode json = json();
            if (!(json instanceof ObjectNode object)) {
                throw new ApiError(400, "malformed_json", "The request body must be a JSON object");
            }
            Map<String, List<String>> fields = new LinkedHashMap<>();
            object.properties().forEach(e -> fields.put(e.getKey(), jsonValues(e.getKey(), e.getValue())));
            return fields;
        }
        return Map.of();
    }

    private static List<String> jsonValues(String name, JsonNode node) {
        if (node.isArray()) {
            List<String> values = new ArrayList<>();
            node.forEach(item -> values.add(item.isValueNode() ? text(name, item) : item.toString()));
            return values;
        }
        if (node.isNull()) {
            return List.of();
        }
        return List.of(node.isValueNode() ? text(name, node) : node.toString());
    }

    /** A JSON value as the parameter's text; a number too large for a double (1e999) is refused, not "Infinity". */
    private static String text(String name, JsonNode value) {
        if (value.isNumber() && !value.canConvertToExactIntegral() && !Double.isFinite(value.doubleValue())) {
            throw ApiError.badParameter(name, name + " is a number too large to hold");
        }
        return value.asText();
    }

    /** The parts of a multipart body; a 400 when the body isn't multipart or is malformed. */
    public List<Part> parts() {
        String contentType = header("content-type").orElse("");
        if (!mediaType().startsWith("multipart/")) {
            throw ApiError.unsupportedMediaType("Expected a multipart/form-data body, got " + contentType);
        }
        List<Part> parts = new ArrayList<>();
        try {
            FileItemInputIterator items = new MultipartParser().getItemIterator(new BytesContext(contentType, body));
            while (items.hasNext()) {
                FileItemInput item = items.next();
                byte[] content;
                try (InputStream in = item.getInputStream()) {
                    content = in.readAllBytes();
                }
                parts.add(new Part(item.getFieldName(), Optional.ofNullable(item.getName()),
                        Optional.ofNullable(item.getContentType()), content));
            }
        } catch (IOException e) { // FileUploadException is one too
            throw new ApiError(400, "malformed_multipart", "The multipart body could not be read: " + e.getMessage());
        } catch (java.nio.file.InvalidPathException e) {
            // commons-fileupload refuses a file name with a NUL (DiskFileItem.checkFileName) this way.
            throw new ApiError(400, "malformed_multipart", "A part's file name contains a NUL character");
        }
        if (parts.isEmpty() && body.length > 0) {
            // The parser reads a body without its boundary as no parts at all: that is a broken request, not an empty one.
            throw new ApiError(400, "malformed_multipart", "The multipart body has no part with the declared boundary");
        }
        return parts;
    }

    /** commons-fileupload2's parser over a body held in memory (Lambda hands us the whole body at once). */
    private static final class MultipartParser
            extends AbstractFileUpload<byte[], DiskFileItem, DiskFileItemFactory> {
        @Override
        public FileItemInputIterator getItemIterator(byte[] request) {
            throw new UnsupportedOperationException("use getItemIterator(RequestContext)");
        }

        @Override
        public Map<String, List<DiskFileItem>> parseParameterMap(byte[] request) {
            throw new UnsupportedOperationException("streaming only");
        }

        @Override
        public List<DiskFileItem> parseRequest(byte[] request) {
            throw new UnsupportedOperationException("streaming only");
        }
    }

    private record BytesContext(String contentType, byte[] body) implements RequestContext {
        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public long getContentLength() {
            return body.length;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public boolean isMultipartRelated() {
            return false;
        }
    }
}
