package dev.loupe.client;

import java.time.Duration;
import java.util.Optional;

/**
 * What went wrong with a call, whatever API family answered: the HTTP status, the API's machine code and its message.
 * Each family has its own error shape (Loupe's {@code {"error": {"status", "code", "message", "param"}}}, the gallery
 * API's {@code {"errors": [{"code", "message"}]}}, the task API's {@code {"error": {"type", "message", "code",
 * "reason"}}}, the image list API's {@code {"error": {"ref", "summary"}}}); this type reads them all into one shape.
 *
 * <p>Status 0 means no answer came (code {@code connection_failed}), or the client gave up waiting itself (code
 * {@code timeout}).
 */
public final class LoupeException extends RuntimeException {
    private final int status;
    private final String code;
    private final String param;
    private final Duration retryAfter;

    public LoupeException(int status, String code, String message, String param, Duration retryAfter,
            Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.param = param;
        this.retryAfter = retryAfter;
    }

    LoupeException(int status, String code, String message) {
        this(status, code, message, null, null, null);
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    /**
     * The API's machine code: {@code not_found}, {@code token_expired}, ...; the task API's {@code reason} (else its
     * {@code type}); the image list API's {@code ref}, such as {@code 107}.
     */
    public String code() {
        return code;
    }

    /** The parameter at fault, when the API names one. */
    public Optional<String> param() {
        return Optional.ofNullable(param);
    }

    /** The wait the server asked for ({@code Retry-After}), when it asked. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public String toString() {
        return "LoupeException[" + status + " " + code + ": " + getMessage() + "]";
    }
}
