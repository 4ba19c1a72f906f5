package dev.loupe.client;

import java.time.Instant;

/** A ZIP export of a folder: {@code downloadUrl} once its status is ready. */
public record Export(String exportId, String folderId, String folderName, String status, Integer imageCount,
        Long size, String sizeHuman, String failure, String downloadUrl, Instant downloadExpires, Instant expires,
        Instant created, Instant updated) {
}
