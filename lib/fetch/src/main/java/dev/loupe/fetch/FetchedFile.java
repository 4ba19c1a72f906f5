package dev.loupe.fetch;

import java.net.URI;
import java.util.Optional;

/**
 * A file fetched from a URL: its bytes, the URL it finally came from (after redirects), its media type without
 * parameters ("image/jpeg"), and a file name from Content-Disposition or else the URL's last path segment (a base
 * name only: never a path).
 */
public record FetchedFile(byte[] bytes, URI finalUrl, Optional<String> contentType, Optional<String> fileName) {
}
