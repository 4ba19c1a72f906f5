package dev.loupe.shared.gallery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A gallery as stored: named uniquely within its project, owned either by a registered user of the project (the
 * {@code sub} of a backend-signed token) or by whoever holds its anonymous owner token (only a hash is kept).
 *
 * @param imageIds the library images it shows, in order; each appears once
 * @param version  bumped by every change: writes are conditional on it, so concurrent changes retry, never overwrite
 */
public record Gallery(String projectId, String name, String title, Optional<String> ownerUserId,
                      Optional<String> ownerUserName, Optional<String> ownerTokenHash, Instant added, Instant updated,
                      long version, List<String> imageIds) {

    public Gallery {
        imageIds = imageIds == null ? List.of() : List.copyOf(imageIds);
    }

    Gallery changed(String newTitle, List<String> newImageIds, Instant when) {
        return new Gallery(projectId, name, newTitle, ownerUserId, ownerUserName, ownerTokenHash, added, when,
                version + 1, newImageIds);
    }
}
