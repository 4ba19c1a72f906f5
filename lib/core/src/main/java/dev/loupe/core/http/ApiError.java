package dev.loupe.core.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one error type. Each API family renders it in its own shape (see {@link ApiFamily}): an HTTP status, a machine
 * code that clients switch on, a message for people, and the offending parameter where there is one.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String param;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ApiError(int status, String code, String message, String param) {
        super(message);
        this.status = status;
        this.code = code;
        this.param = param;
    }

    public ApiError(int status, String code, String message) {
        this(status, code, message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Optional<String> param() {
        return Optional.ofNullable(param);
    }

    /**
     * Headers the error's answer carries besides the family's own, e.g. the task API's rate-limit status, which every
     * answer to an admitted caller has (a later value for the same name wins).
     */
    public ApiError withHeaders(Map<String, String> more) {
        headers.putAll(more);
        return this;
    }

    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    public static ApiError badParameter(String param, String message) {
        return new ApiError(400, "bad_parameter", message, param);
    }

    public static ApiError unauthorized(String code, String message) {
        return new ApiError(401, code, message);
    }

    public static ApiError tooLarge(String message) {
        return new ApiError(413, "payload_too_large", message);
    }

    public static ApiError unsupportedMediaType(String message) {
        return new ApiError(415, "unsupported_media_type", message);
    }
}
