package dev.loupe.client;

import java.time.Instant;
import java.util.Map;

/**
 * Where to PUT a large file's bytes ({@code POST /v1/uploads/url}): straight to storage, with exactly these headers,
 * before {@code expiresAt}; the image is pending until they arrive and are ingested.
 */
public record UploadUrl(String imageId, String status, String uploadUrl, String method, Map<String, String> headers,
        Instant expiresAt, String statusUrl) {
}
