package dev.loupe.library;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A folder's export: a ZIP of its originals, built in the background into {@link LibraryKeys#exportKey}.
 *
 * @param folderName the folder's name when the export was asked for: the download is named after it
 * @param failure    why the build failed, in words for the project's users
 * @param imageCount how many images the ZIP holds (once ready)
 * @param size       the ZIP's size in bytes (once ready)
 * @param attempt    how many builds have started: a build only finishes the export if it is still the latest
 */
public record FolderExport(String projectId, String exportId, String folderId, String folderName, Status status,
                           Optional<String> failure, long imageCount, long size, int attempt, Person requestedBy,
                           Instant created, Instant updated) {

    public enum Status {
        PENDING, BUILDING, READY, FAILED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Ready or failed: a build never starts again. */
        public boolean finished() {
            return this == READY || this == FAILED;
        }
    }

    public FolderExport {
        failure = failure == null ? Optional.empty() : failure;
    }
}
