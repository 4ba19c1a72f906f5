package dev.loupe.shared.gallery;

import java.time.Instant;
import java.util.Optional;

/**
 * A gallery as stored: named uniquely within its project, owned either by a registered user of the project (the
 * {@code sub} of a backend-signed token) or by whoever holds its anonymous owner token (only a hash is kept).
 */
public record Gallery(String projectId, String name, String title, Optional<String> ownerUserId,
                      Optional<String> ownerUserName, Optional<String> ownerTokenHash, Instant added, Instant updated,
                      long version) {
}
