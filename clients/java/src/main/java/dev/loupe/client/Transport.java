package dev.loupe.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The HTTP calls of every API: the base URL, a fresh token per attempt, {@code Accept: application/json}, the retry
 * policy ({@link RetryPolicy} says what is retried), and answers of 400 or more turned into {@link LoupeException}.
 * Redirects are not followed: a download's 302 goes to a presigned URL that must not see the token.
 */
final class Transport {
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);

    /** How the client waits between attempts (tests count the waits instead). */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * One call.
     *
     * @param idempotent whether repeating it can't do anything twice (GET, PUT, DELETE, presigned PUTs)
     * @param authorized whether it carries the token (a presigned URL must not)
     */
    record Call(String method, URI uri, Body body, boolean idempotent, boolean authorized,
            Map<String, String> headers) {
        Call header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Call(method, uri, body, idempotent, authorized, more);
        }
    }

    private final URI base;
    private final HttpClient http;
    private final Supplier<String> token;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final Sleeper sleeper;

    Transport(URI base, HttpClient http, Supplier<String> token, RetryPolicy retry, Duration timeout,
            Sleeper sleeper) {
        this.base = base;
        this.http = http;
        this.token = token;
        this.retry = retry;
        this.timeout = timeout;
        this.sleeper = sleeper;
    }

    Transport withToken(Supplier<String> other) {
        return new Transport(base, http, other, retry, timeout, sleeper);
    }

    String token() {
        return token.get();
    }

    URI base() {
        return base;
    }

    // ---------------------------------------------------------------- calls of the API (paths under the base URL)

    Call get(String path, Map<String, ?> query) {
        return new Call("GET", uri(path, query), null, true, true, Map.of());
    }

    Call delete(String path, Map<String, ?> query) {
        return new Call("DELETE", uri(path, query), null, true, true, Map.of());
    }

    /** {@code method} with a JSON body; {@code idempotent} for PUT and for POSTs that only read. */
    Call json(String method, String path, Object body, boolean idempotent) {
        return new Call(method, uri(path, Map.of()), Body.json(write(body)), idempotent, true, Map.of());
    }

    Call post(String path, Body body) {
        return new Call("POST", uri(path, Map.of()), body, false, true, Map.of());
    }

    /** The answer's JSON as {@code type}. */
    <T> T read(Call call, Class<T> type) {
        return read(call, JSON.constructType(type));
    }

    <T> T read(Call call, JavaType type) {
        return parse(readAll(send(call)), type);
    }

    /** The call made for its status and headers; the answer's body is read and dropped. */
    HttpResponse<InputStream> exchange(Call call) {
        HttpResponse<InputStream> response = send(call);
        readAll(response);
        return response;
    }

    /**
     * Sends {@code call}, trying again as the retry policy allows, and answers the first answer under 400; an answer
     * of 400 or more throws its {@link LoupeException}.
     */
    HttpResponse<InputStream> send(Call call) {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> response;
            try {
                response = http.send(request(call), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                // Only a connection that never opened sent nothing: anything else may have reached the server.
                boolean nothingSent = e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
                Duration wait = call.idempotent() || nothingSent ? retry.delay(attempt, null) : null;
                if (attempt >= retry.maxAttempts() || wait == null) {
                    throw new LoupeException(0, "connection_failed", call.method() + " " + call.uri().getPath()
                            + " got no answer after " + attempt + " attempt(s): " + e, null, null, e);
                }
                pause(wait);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LoupeException(0, "interrupted", "Interrupted during " + call.method() + " "
                        + call.uri().getPath(), null, null, e);
            }
            if (response.statusCode() < 400) {
                return response;
            }
            LoupeException error = error(response.statusCode(), response.headers(), readAll(response));
            boolean retryable = RETRYABLE.contains(response.statusCode())
                    && (call.idempotent() || response.statusCode() == 429);
            Duration wait = retryable ? retry.delay(attempt, error.retryAfter().orElse(null)) : null;
            if (attempt >= retry.maxAttempts() || wait == null) {
                throw error;
            }
            pause(wait);
        }
    }

    private HttpRequest request(Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(call.uri()).timeout(timeout)
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody() : call.body().open());
        if (call.authorized()) {
            request.header("Authorization", "Bearer " + token.get());
            request.header("Accept", "application/json");
        }
        if (call.body() != null && call.body().contentType() != null) {
            request.header("Content-Type", call.body().contentType());
        }
        call.headers().forEach(request::header);
        return request.build();
    }

    private void pause(Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoupeException(0, "interrupted", "Interrupted while waiting to retry", null, null, e);
        }
    }

    static byte[] readAll(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new LoupeException(0, "connection_failed", "The answer of " + response.request().method() + " "
                    + response.uri().getPath() + " broke off: " + e, null, null, e);
        }
    }

    // ---------------------------------------------------------------- errors

    /** The error of any API family's shape (or of API Gateway's own {@code {"message"}}) as one exception. */
    static LoupeException error(int status, HttpHeaders headers, byte[] body) {
        Duration retryAfter = headers.firstValue("Retry-After").map(Transport::retryAfter).orElse(null);
        String code = "http_" + status;
        String message = new String(body, StandardCharsets.UTF_8).strip();
        String param = null;
        try {
            JsonNode json = JSON.readTree(body);
            JsonNode error = json == null ? null : json.path("error");
            if (error != null && error.isObject()) {
                if (error.has("ref")) { // the image list API
                    code = error.path("ref").asText();
                    message = error.path("summary").asText();
                } else if (error.has("type")) { // the task API: its type, Loupe's code in reason
                    code = text(error, "reason", error.path("type").asText());
                    message = error.path("message").asText();
                    param = text(error, "param", null);
                } else { // Loupe's own
                    code = text(error, "code", code);
                    message = error.path("message").asText();
                    param = text(error, "param", null);
                }
            } else if (json != null && json.path("errors").isArray() && !json.path("errors").isEmpty()) {
                JsonNode first = json.path("errors").get(0); // the gallery API
                code = text(first, "code", code);
                message = first.path("message").asText();
            } else if (json != null && json.path("message").isTextual()) { // API Gateway's own answer
                message = json.path("message").asText();
            }
        } catch (IOException e) {
            // Not JSON (an HTML error page, a proxy's text): its text is the message.
        }
        if (message.length() > 500) {
            message = message.substring(0, 500) + "...";
        }
        return new LoupeException(status, code, message.isEmpty() ? "HTTP " + status : message, param, retryAfter,
                null);
    }

    private static String text(JsonNode node, String field, String otherwise) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : otherwise;
    }

    /** Retry-After in seconds, or as an HTTP date. */
    static Duration retryAfter(String value) {
        String v = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                Duration until = Duration.between(Instant.now(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    // ---------------------------------------------------------------- JSON and URLs

    static byte[] write(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T parse(byte[] body, JavaType type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new LoupeException(0, "unexpected_answer", "The answer is not the expected JSON ("
                    + type.getTypeName() + "): " + e.getMessage(), null, null, e);
        }
    }

    /** {@code path} (its segments already encoded) under the base URL, with the non-null query parameters. */
    URI uri(String path, Map<String, ?> query) {
        StringJoiner q = new StringJoiner("&");
        query.forEach((name, value) -> {
            if (value != null) {
                q.add(encode(name) + "=" + encode(String.valueOf(value)));
            }
        });
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + basePath + path
                + (q.length() == 0 ? "" : "?" + q));
    }

    /** One path segment, encoded. */
    static String segment(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a path parameter must not be empty");
        }
        return encode(value).replace("+", "%20");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A map of the non-null pairs, in order: {@code params("a", 1, "b", null)} is {@code {a=1}}. */
    static Map<String, Object> params(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }
}
