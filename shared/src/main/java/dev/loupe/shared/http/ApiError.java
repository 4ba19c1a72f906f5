package dev.loupe.shared.http;

import java.util.Optional;

/**
 * The one error type. Each API family renders it in its own shape (see {@link ApiFamily}): an HTTP status, a machine
 * code that clients switch on, a message for people, and the offending parameter where there is one.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String param;

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
