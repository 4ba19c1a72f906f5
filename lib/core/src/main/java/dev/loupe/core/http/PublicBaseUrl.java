package dev.loupe.core.http;

import java.net.URI;
import java.util.Optional;

import dev.loupe.core.config.Env;

/**
 * The deployment's configured public base URL ({@code PUBLIC_BASE_URL}), read once per container: an absolute
 * {@code http} or {@code https} URL with a host and nothing after it but an optional path prefix, kept without a
 * trailing slash. A value that is not one stops the function's first request (a deployment mistake, not a client's).
 */
final class PublicBaseUrl {
    private static final Optional<String> CONFIGURED = Env.PUBLIC_BASE_URL.optional().map(PublicBaseUrl::checked);

    private PublicBaseUrl() {
    }

    static Optional<String> configured() {
        return CONFIGURED;
    }

    static String checked(String value) {
        String trimmed = value.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("PUBLIC_BASE_URL is not a URL: " + value, e);
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalStateException("PUBLIC_BASE_URL must be an http(s) URL with a host and no query: " + value);
        }
        return trimmed;
    }
}
