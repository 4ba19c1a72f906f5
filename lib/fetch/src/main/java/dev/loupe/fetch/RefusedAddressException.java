package dev.loupe.fetch;

import dev.loupe.core.http.ApiError;
import java.net.UnknownHostException;

/**
 * A refusal raised inside HttpClient (by the resolver or the socket), where only IOExceptions pass through; the
 * fetcher takes the ApiError back out. An UnknownHostException so that HttpClient treats it as final.
 */
final class RefusedAddressException extends UnknownHostException {
    private final transient ApiError error;

    RefusedAddressException(ApiError error) {
        super(error.getMessage());
        this.error = error;
    }

    ApiError error() {
        return error;
    }
}
