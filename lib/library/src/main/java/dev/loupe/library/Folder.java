package dev.loupe.library;

import java.time.Instant;

/**
 * A folder of a project's library. Names are unique within a project regardless of case.
 *
 * @param deleting true once a delete with its images was asked for: hidden from lists, purged in the background
 */
public record Folder(String projectId, String folderId, String name, long imageCount, Instant created,
                     Instant updated, boolean deleting) {
}
